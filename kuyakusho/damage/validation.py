"""What a report may hold, checked the same way for the forms, the services and any import:
text without control characters, counts that are whole non-negative numbers, a position in
the ward, and the questions (区外の位置, 多い人数) that a person must confirm before the report
is kept."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.core.geo import parse_coordinate
from kuyakusho.core.services import active_ward

from .kinds import CASUALTY_FIELDS

DESCRIPTION_MAX = 2000
ADDRESS_MAX = 200
NOTE_MAX = 500
COUNT_QUESTIONED = 50  # more people than this in one report is asked again
COUNT_MAX = 100_000  # more than this in one report is no report
# How far outside the ward's map bounds a point may be and still be asked about (about 5 km):
# damage on a border road is real; a point in another prefecture is a mistake.
OUTSIDE_MARGIN_DEGREES = 0.05
FUTURE_SLACK = timedelta(minutes=10)  # phones with a clock a little ahead
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
_PHONE = re.compile(r"^(\+81|0)\d{9,10}$")


class ReportQuestioned(ValidationError):  # noqa: N818 (a question, not an error)
    """The report is possible but unusual: the person confirms it and sends it again with
    `key`, which holds for exactly these values (a changed number is asked about again)."""

    def __init__(self, questions: list[str], key: str) -> None:
        super().__init__(questions, code="questioned")
        self.questions = questions
        self.key = key


def clean_text(value: Any, *, label: str, max_length: int) -> str:
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        raise ValidationError(
            _("%(field)sに使えない文字が含まれています。") % {"field": label}, code="control"
        )
    value = value.strip()
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)sは%(limit)s文字以内にしてください（いまは%(length)s文字です）。")
            % {"field": label, "limit": max_length, "length": len(value)},
            code="too_long",
        )
    return value


def clean_line(value: Any, *, label: str, max_length: int) -> str:
    value = str(value or "")
    if _LINE_CONTROL.search(value):
        raise ValidationError(
            _("%(field)sに改行や制御文字は使えません。") % {"field": label}, code="control"
        )
    return clean_text(value, label=label, max_length=max_length)


def clean_count(value: Any, *, label: str) -> int:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "0")).strip() or "0"
    if not re.fullmatch(r"\d+", text):
        raise ValidationError(
            _("%(field)sは0以上の整数で入力してください（わからないときは0）。") % {"field": label},
            code="not_a_count",
        )
    number = int(text[:12])
    if number > COUNT_MAX:
        raise ValidationError(
            _("%(field)sが多すぎます（%(limit)s人まで）。人数を確かめてください。")
            % {"field": label, "limit": f"{COUNT_MAX:,}"},
            code="count_too_large",
        )
    return number


def clean_phone(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"[ー−‐‑–—]", "-", text)
    if not text:
        return ""
    if not _PHONE.match(re.sub(r"[\s\-()]", "", text)) or len(text) > 20:
        raise ValidationError(
            _("電話番号は0から始まる10桁か11桁の数字で入力してください（例: 090-1234-5678）。"),
            code="phone",
        )
    return text


def clean_email(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(
            _("メールアドレスの形式が正しくありません（例: hanako@example.jp）。"), code="email"
        ) from None
    return text


def clean_observed_at(value: Any) -> Any:
    if value is None:
        return timezone.now()
    if value > timezone.now() + FUTURE_SLACK:
        raise ValidationError(
            _("発生・確認した日時が未来になっています。日時を確かめてください。"), code="future"
        )
    return value


def clean_position(lat: Any, lon: Any) -> tuple[float, float, bool]:
    """(lat, lon, outside the ward's bounds). Far outside is refused."""
    errors: dict[str, list[str]] = {}
    try:
        lat_f = parse_coordinate(lat, kind="lat")
    except ValidationError as error:
        errors["lat"] = error.messages
    try:
        lon_f = parse_coordinate(lon, kind="lon")
    except ValidationError as error:
        errors["lon"] = error.messages
    if errors:
        raise ValidationError(errors)
    ward = active_ward()
    if ward is None or ward.contains(lat_f, lon_f):
        return lat_f, lon_f, False
    margin = OUTSIDE_MARGIN_DEGREES
    near = (
        ward.bounds_south - margin <= lat_f <= ward.bounds_north + margin
        and ward.bounds_west - margin <= lon_f <= ward.bounds_east + margin
    )
    if not near:
        raise ValidationError(
            {
                "lat": [
                    _(
                        "指定された場所は区から離れすぎています（緯度 %(lat)s、経度 %(lon)s）。"
                        "緯度と経度が入れ替わっていないか、地図で区内の場所を選んでください。"
                    )
                    % {"lat": lat_f, "lon": lon_f}
                ]
            }
        )
    return lat_f, lon_f, True


def question_key(lat: float, lon: float, counts: dict[str, int]) -> str:
    text = f"{lat:.6f},{lon:.6f}|" + ",".join(str(counts[n]) for n in CASUALTY_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def questions_for(outside: bool, counts: dict[str, int]) -> list[str]:
    questions = []
    if outside:
        ward = active_ward()
        questions.append(
            _("指定された場所は%(ward)sの区域の外です。区外の被害として報告してよいですか。")
            % {"ward": ward.name_ja if ward else ""}
        )
    if any(counts[name] > COUNT_QUESTIONED for name in CASUALTY_FIELDS):
        questions.append(
            _(
                "1件の報告としては人数が多くなっています（%(limit)s人を超える項目があります）。この人数でよいですか。"
            )
            % {"limit": COUNT_QUESTIONED}
        )
    return questions
