"""What a report may hold, checked the same way for the web form, staff entry and Open311:
text without control characters (HTML is kept as typed and always shown as text), a
description of at most 4,000 characters, a position inside the ward (outside, the answer says
whose road it may be), and answers that fit the category's questions."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kuyakusho.core.geo import parse_coordinate
from kuyakusho.core.services import active_ward

from .states import Datatype

DESCRIPTION_MAX = 4000
ADDRESS_MAX = 200
NAME_MAX = 60
NOTE_MAX = 2000
ANSWER_MAX = 500
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
_PHONE = re.compile(r"^(\+81|0)\d{9,10}$")


def clean_text(value: Any, *, label: str, max_length: int, required: bool = False) -> str:
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        raise ValidationError(
            _("%(field)sに使えない文字が含まれています。") % {"field": label}, code="control"
        )
    value = value.strip()
    if required and not value:
        raise ValidationError(
            _("%(field)sを入力してください。") % {"field": label}, code="required"
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)sは%(limit)s文字以内にしてください（いまは%(length)s文字です）。")
            % {"field": label, "limit": f"{max_length:,}", "length": f"{len(value):,}"},
            code="too_long",
        )
    return value


def clean_line(value: Any, *, label: str, max_length: int) -> str:
    if _LINE_CONTROL.search(str(value or "")):
        raise ValidationError(
            _("%(field)sに改行や制御文字は使えません。") % {"field": label}, code="control"
        )
    return clean_text(value, label=label, max_length=max_length)


def clean_email(value: Any, *, required: bool = False) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        if required:
            raise ValidationError(
                _("確認のメールを送るメールアドレスを入力してください。"), code="required"
            )
        return ""
    if _LINE_CONTROL.search(text):
        raise ValidationError(_("メールアドレスに改行は使えません。"), code="control")
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(
            _("メールアドレスの形式が正しくありません（例: hanako@example.jp）。"), code="email"
        ) from None
    return text


def clean_phone(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"[ー−‐‑–—]", "-", text)
    if not text:
        return ""
    if len(text) > 20 or not _PHONE.match(re.sub(r"[\s\-()]", "", text)):
        raise ValidationError(
            _("電話番号は0から始まる10桁か11桁の数字で入力してください（例: 090-1234-5678）。"),
            code="phone",
        )
    return text


def outside_ward_message(ward_name: str) -> str:
    return _(
        "指定された場所は%(ward)sの区域の外です。区域の外の道路や公園は、その場所の市区町村が管理しています。"
        "国道は国（国土交通省の国道事務所）、都道は東京都（建設局の建設事務所）が管理しています。"
        "区内の場所なら、地図や緯度・経度を直してください。"
    ) % {"ward": ward_name}


def clean_position(lat: Any, lon: Any) -> tuple[float, float]:
    """(lat, lon) inside the active ward's area; outside, an answer that says whose it may be."""
    errors: dict[str, list[str]] = {}
    values: dict[str, float] = {}
    for name, value in (("lat", lat), ("lon", lon)):
        if value in (None, ""):
            errors[name] = [
                _("場所を指定してください（「現在地を使う」、地図、または緯度・経度の入力）。")
            ]
            continue
        try:
            values[name] = parse_coordinate(value, kind=name)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    ward = active_ward()
    if ward is not None and not ward.contains(values["lat"], values["lon"]):
        raise ValidationError({"lat": [outside_ward_message(ward.name_ja)]}, code="outside_ward")
    return values["lat"], values["lon"]


def clean_answers(attributes: list[Any], raw: dict[str, Any]) -> dict[str, Any]:
    """Answers checked against the questions: {code: text | number text | key | [keys]}.
    Errors are keyed "attribute_<code>" so that the form puts each under its question."""
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for attribute in attributes:
        value = raw.get(attribute.code)
        label = attribute.label_ja
        key = f"attribute_{attribute.code}"
        try:
            if attribute.datatype == Datatype.MULTI:
                values = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
                values = [v for v in values if v not in ("", "None")]
                allowed = {c.get("key") for c in attribute.choices}
                if any(v not in allowed for v in values):
                    raise ValidationError(
                        _("「%(field)s」の選択肢から選んでください。") % {"field": label}
                    )
                if attribute.required and not values:
                    raise ValidationError(_("「%(field)s」を選んでください。") % {"field": label})
                if values:
                    answers[attribute.code] = values
                continue
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            text = str(value if value is not None else "").strip()
            if not text:
                if attribute.required:
                    raise ValidationError(
                        _("「%(field)s」に答えてください。") % {"field": label}, code="required"
                    )
                continue
            if attribute.datatype == Datatype.SINGLE:
                if text not in {c.get("key") for c in attribute.choices}:
                    raise ValidationError(
                        _("「%(field)s」の選択肢から選んでください。") % {"field": label}
                    )
            elif attribute.datatype == Datatype.NUMBER:
                text = unicodedata.normalize("NFKC", text)
                try:
                    number = Decimal(text)
                except InvalidOperation:
                    number = None
                if number is None or not number.is_finite() or len(text) > 20:
                    raise ValidationError(
                        _("「%(field)s」は数で答えてください。") % {"field": label}
                    )
            elif attribute.datatype == Datatype.STRING:
                text = clean_line(text, label=label, max_length=ANSWER_MAX)
            else:
                text = clean_text(text, label=label, max_length=ANSWER_MAX * 4)
            answers[attribute.code] = text
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    return answers
