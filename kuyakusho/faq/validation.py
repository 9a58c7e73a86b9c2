"""Input rules shared by the forms, the API and the services: single-line fields that end up in
mail headers or lists, addresses, and redaction of what must never be stored."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Line breaks in any form (and other controls): in a name or subject they could add mail
# headers (header injection) and never belong there.
_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
# Four or more digits, possibly split by hyphens, dots, spaces or brackets, as phone numbers,
# postal codes and account numbers are written ("03-1234-5678", "０３（１２３４）５６７８").
_DIGIT_RUN = re.compile(
    r"\d(?:[\s\-.()\u2010-\u2015\u2212\u30fc\uff08\uff09\uff0d\uff0e]{0,2}\d){3,}"
)
_EMAIL_LIKE = re.compile(r"[^\s@＠]+[@＠][^\s@＠]+")
REDACTED_DIGITS = "###"
REDACTED_EMAIL = "***@***"
QUERY_MAX = 100


def redact(text: str) -> str:
    """Replace e-mail-like strings and runs of four or more digits, so that no phone number,
    address or account number is stored."""
    text = _EMAIL_LIKE.sub(REDACTED_EMAIL, text or "")
    return _DIGIT_RUN.sub(REDACTED_DIGITS, text)


def redact_query(normalized_query: str) -> str:
    """A normalised search query as it may be stored: redacted, then cut to QUERY_MAX."""
    return redact(normalized_query).strip()[:QUERY_MAX].strip()


def clean_single_line(value: str, *, label: str, max_length: int, required: bool) -> str:
    if _CONTROL.search(value or ""):
        raise ValidationError(
            _("%(field)sに改行や制御文字は使えません。") % {"field": label}, code="control"
        )
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(
            _("%(field)sを入力してください。") % {"field": label}, code="required"
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)sは%(limit)s文字以内にしてください。")
            % {"field": label, "limit": max_length},
            code="too_long",
        )
    return value


def clean_email(value: str) -> str:
    value = value or ""
    if _CONTROL.search(value):
        raise ValidationError(_("メールアドレスに改行は使えません。"), code="control")
    value = value.strip()
    if not value:
        raise ValidationError(_("返信先のメールアドレスを入力してください。"), code="required")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("メールアドレスの形式が正しくありません（例: hanako@example.jp）。"), code="invalid"
        ) from None
    return value


def clean_text(value: str, *, label: str, max_length: int, required: bool) -> str:
    """Multi-line text: line breaks are fine, NUL and other controls are not."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value):
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
            % {"field": label, "limit": max_length, "length": len(value)},
            code="too_long",
        )
    return value


def small_id(value: object) -> int | None:
    """A database id from untrusted text: ASCII digits only and small enough for any column."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) <= 15:
        return int(text)
    return None
