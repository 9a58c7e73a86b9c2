"""Input rules shared by the forms, the API and the services."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from .channels import REGISTRY

# Addresses of a function rather than a person: they must not be subscribed by someone else.
ROLE_LOCAL_PARTS = frozenset(
    {
        "postmaster",
        "abuse",
        "hostmaster",
        "webmaster",
        "noreply",
        "no-reply",
        "mailer-daemon",
        "root",
        "admin",
    }
)
SUBJECT_MAX = 150
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
WEBHOOK_URL_MAX = 500


def clean_address(value: str) -> str:
    value = (value or "").strip()
    if "\r" in value or "\n" in value:
        raise ValidationError(_("メールアドレスに改行は使えません。"), code="header_injection")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("メールアドレスの形式が正しくありません（例: hanako@example.jp）。"), code="invalid"
        ) from None
    local = value.rsplit("@", 1)[0].lower()
    if local in ROLE_LOCAL_PARTS:
        raise ValidationError(
            _(
                "「%(local)s@」のような役割用のアドレスは登録できません。個人のアドレスを入力してください。"
            )
            % {"local": local},
            code="role_address",
        )
    return value.lower()


def clean_subject(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValidationError(_("件名に改行は使えません。"), code="header_injection")
    value = value.strip()
    if not value:
        raise ValidationError(_("件名を入力してください。"), code="required")
    if len(value) > SUBJECT_MAX:
        raise ValidationError(
            _("件名は%(limit)s文字以内にしてください。") % {"limit": SUBJECT_MAX}, code="too_long"
        )
    return value


def check_fits_channels(body: str, channels: list[str]) -> None:
    """Refuse a body longer than any chosen channel accepts, before anything is sent."""
    for code in channels:
        limit = REGISTRY[code].max_body_chars
        if limit is not None and len(body) > limit:
            raise ValidationError(
                _(
                    "本文が長すぎます（%(length)s文字）。%(channel)sで送れるのは%(limit)s文字までです。"
                )
                % {"length": len(body), "channel": REGISTRY[code].label, "limit": limit},
                code="too_large_for_channel",
            )


def clean_channels(channels: list[str]) -> list[str]:
    unknown = sorted(set(channels) - set(REGISTRY))
    if unknown:
        raise ValidationError(
            _("使えない配信方法です: %(codes)s") % {"codes": ", ".join(unknown)},
            code="unknown_channel",
        )
    if not channels:
        raise ValidationError(_("配信方法を1つ以上選んでください。"), code="required")
    return sorted(set(channels))


def clean_webhook_url(value: str) -> str:
    """A webhook URL: https, or http to this machine where the settings allow it (development,
    a bridge on the same host). No user name or password in the URL: the signature is the
    credential."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("送信先URLを入力してください。"), code="required")
    if len(value) > WEBHOOK_URL_MAX:
        raise ValidationError(
            _("送信先URLは%(limit)s文字以内にしてください。") % {"limit": WEBHOOK_URL_MAX},
            code="too_long",
        )
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("URLの形式が正しくありません（例: https://bridge.example.jp/hook）。"),
            code="invalid",
        ) from None
    parts = urlsplit(value)
    if parts.username or parts.password:
        raise ValidationError(
            _("URLに利用者名やパスワードを含めないでください。送信は署名で確認されます。"),
            code="credentials_in_url",
        )
    if parts.scheme == "http":
        loopback = (parts.hostname or "").lower() in LOOPBACK_HOSTS
        allowed = settings.DEBUG or settings.NOTIFICATIONS_WEBHOOK_ALLOW_HTTP_LOOPBACK
        if not (loopback and allowed):
            raise ValidationError(
                _("送信先URLは https:// で始まるものにしてください。"), code="not_https"
            )
    return value
