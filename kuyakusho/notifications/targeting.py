"""Attribute rules of a message (Message.targeting) that use residents' profile data: the
resident's own age and the ages of their children. selectors.recipients applies them only to
subscribers who consented; here they are checked (forms, services) and put into words (staff)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuyakusho.accounts.services import CHILD_MAX_AGE


@dataclass(frozen=True)
class AgeRule:
    prefix: str  # keys are f"{prefix}_min" and f"{prefix}_max"
    highest: int
    not_a_number: str
    out_of_range: str  # may use %(highest)s
    min_above_max: str

    @property
    def keys(self) -> tuple[str, str]:
        return f"{self.prefix}_min", f"{self.prefix}_max"


RULES = [
    AgeRule(
        "age",
        130,
        not_a_number=gettext_lazy("年齢は数字で入力してください。"),
        out_of_range=gettext_lazy("年齢は0から130の間で入力してください。"),
        min_above_max=gettext_lazy("年齢の下限は上限以下にしてください。"),
    ),
    AgeRule(
        "child_age",
        CHILD_MAX_AGE,
        not_a_number=gettext_lazy("お子さんの年齢は数字で入力してください。"),
        out_of_range=gettext_lazy("お子さんの年齢は0から%(highest)s歳の間で入力してください。"),
        min_above_max=gettext_lazy("お子さんの年齢の下限は上限以下にしてください。"),
    ),
]
KEYS = [key for rule in RULES for key in rule.keys]


def clean_targeting(rules: dict) -> dict:
    """The rules as whole numbers within their range, empty ones left out. Errors name the key
    they belong to, so that a form shows them beside its field."""
    cleaned: dict[str, int] = {}
    for rule in RULES:
        for key in rule.keys:
            value = rules.get(key)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                raise _error(key, rule, "not_a_number")
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise _error(key, rule, "not_a_number") from None
            if not 0 <= number <= rule.highest:
                raise _error(key, rule, "out_of_range")
            cleaned[key] = number
        low, high = rule.keys
        if cleaned.get(low, 0) > cleaned.get(high, rule.highest):
            raise _error(high, rule, "min_above_max")
    return cleaned


def _error(key: str, rule: AgeRule, code: str) -> ValidationError:
    message = str(getattr(rule, code)) % {"highest": rule.highest}
    return ValidationError({key: ValidationError(message, code=code)})


def describe_targeting(rules: dict) -> list[str]:
    """Each rule in words, for staff checking a message before sending it."""
    texts = []
    age_min, age_max = rules.get("age_min"), rules.get("age_max")
    if age_min is not None and age_max is not None:
        texts.append(_("%(min)s歳から%(max)s歳までの人") % {"min": age_min, "max": age_max})
    elif age_min is not None:
        texts.append(_("%(min)s歳以上の人") % {"min": age_min})
    elif age_max is not None:
        texts.append(_("%(max)s歳以下の人") % {"max": age_max})
    child_min, child_max = rules.get("child_age_min"), rules.get("child_age_max")
    if child_min is not None and child_max is not None:
        texts.append(
            _("%(min)s歳から%(max)s歳までのお子さんがいる世帯")
            % {"min": child_min, "max": child_max}
        )
    elif child_min is not None:
        texts.append(_("%(min)s歳以上のお子さんがいる世帯") % {"min": child_min})
    elif child_max is not None:
        texts.append(_("%(max)s歳以下のお子さんがいる世帯") % {"max": child_max})
    return texts
