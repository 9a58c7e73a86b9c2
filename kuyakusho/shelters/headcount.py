"""Head counts as staff type them on a phone, and how far they are believed.

A number is read the way people write it: 全角 digits, a thousands comma, a trailing 人 are
fine ("１，２００人" is 1200). What is not a whole number of zero or more is refused.

Plausibility against the shelter's capacity (the issue: "head counts outside 0…capacity×2 are
questioned"): up to capacity × 2 is accepted as it is; above that the person is asked to
confirm the exact number (a slip of the thumb adds a digit, but a shelter can really take in
far more people than planned); above capacity × 10 it is refused as a typing mistake, since no
shelter holds ten times its planned number.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

QUESTION_FACTOR = 2
REFUSE_FACTOR = 10
_NUMBER = re.compile(r"^[+-]?\d+$")


class HeadCountQuestioned(Exception):  # noqa: N818 (a question, not an error)
    """The number may be right but is unusually high: ask the person to confirm it."""

    def __init__(self, head_count: int, capacity: int) -> None:
        self.head_count = head_count
        self.capacity = capacity
        super().__init__(question(head_count, capacity))


def question(head_count: int, capacity: int) -> str:
    return _(
        "避難者数 %(count)s人は、収容人数 %(capacity)s人の%(factor)s倍を超えています。"
        "この人数で正しいか確かめてください。"
    ) % {
        "count": f"{head_count:,}",
        "capacity": f"{capacity:,}",
        "factor": QUESTION_FACTOR,
    }


def parse(text: str) -> int | None:
    """The number typed, or None for an empty field. ValidationError for anything else."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    value = value.replace(",", "").replace(" ", "").removesuffix("人")
    if not value:
        return None
    if not _NUMBER.match(value):
        raise ValidationError(
            _("避難者数は数字で入力してください（例: 120）。"), code="head_count_not_a_number"
        )
    number = int(value)
    if number < 0:
        raise ValidationError(
            _("避難者数は0以上の数で入力してください。"), code="head_count_negative"
        )
    return number


def check(head_count: int, capacity: int, *, confirmed: bool) -> bool:
    """Raise ValidationError when the number cannot be right, HeadCountQuestioned when it must
    be confirmed first. Returns whether it was above the questioned limit (and confirmed)."""
    if head_count < 0:
        raise ValidationError(
            _("避難者数は0以上の数で入力してください。"), code="head_count_negative"
        )
    if head_count > capacity * REFUSE_FACTOR:
        raise ValidationError(
            _(
                "避難者数 %(count)s人は、収容人数 %(capacity)s人の%(factor)s倍を超えているため受け付けられません。"
                "数字を確かめてください。"
            )
            % {"count": f"{head_count:,}", "capacity": f"{capacity:,}", "factor": REFUSE_FACTOR},
            code="head_count_absurd",
        )
    unusual = head_count > capacity * QUESTION_FACTOR
    if unusual and not confirmed:
        raise HeadCountQuestioned(head_count, capacity)
    return unusual
