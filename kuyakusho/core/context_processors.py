from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import i18n
from .banners import banners_for
from .services import active_ward


def platform(request: HttpRequest) -> dict[str, Any]:
    from kuyakusho.accounts.services import is_ward_staff

    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    user = getattr(request, "user", None)
    enabled = i18n.enabled_codes()
    return {
        "ward": active_ward(),
        "html_lang": i18n.html_lang(language),
        "current_language": language,
        "language_choices": [
            {
                "code": code,
                "name": name,
                "html_lang": i18n.html_lang(code),
                "current": code == language,
            }
            for code, name in settings.LANGUAGES
            if code in enabled
        ],
        "source_code_url": settings.SOURCE_CODE_URL,
        "text_size": i18n.text_size_for(request),
        "furigana": i18n.furigana_for(request),
        "is_ward_staff": bool(user and is_ward_staff(user)),
        "site_banners": banners_for(language),
    }
