"""Language selection and the furigana (ruby) and text-size preferences."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TEXT_SIZES = ("normal", "large", "xlarge")
TEXT_SIZE_COOKIE = "kuyakusho_text_size"
FURIGANA_COOKIE = "kuyakusho_furigana"

# The language that each language's content falls back to, and its name for <html lang>.
HTML_LANG = {"ja-x-easy": "ja"}


def enabled_codes() -> list[str]:
    """The languages this ward offers (its profile may switch some off; Japanese always stays)."""
    from django.db import DatabaseError

    from .services import active_ward

    try:
        ward = active_ward()
    except DatabaseError:  # /healthz and error pages must still render when the database is down
        return LANGUAGE_CODES
    if ward is None or not ward.enabled_languages:
        return LANGUAGE_CODES
    return [
        code
        for code in LANGUAGE_CODES
        if code in ward.enabled_languages or code == settings.LANGUAGE_CODE
    ]


def is_supported(code: str) -> bool:
    return code in enabled_codes()


def language_for_request(request: HttpRequest) -> str:
    enabled = enabled_codes()  # once: it reads the ward from the cache (runs on every request)
    user = getattr(request, "user", None)
    saved = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
    if saved and saved in enabled:
        return saved
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in enabled:
        return cookie
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for accepted, _quality in translation.trans_real.parse_accept_lang_header(header):
        if accepted == "*":
            break
        try:
            variant = translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
        if variant in enabled:
            return variant
    return settings.LANGUAGE_CODE


def html_lang(code: str) -> str:
    return HTML_LANG.get(code, code)


def text_size_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.text_size
    value = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return value if value in TEXT_SIZES else "normal"


def furigana_for(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.furigana)
    return request.COOKIES.get(FURIGANA_COOKIE) == "1"
