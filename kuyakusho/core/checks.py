from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def secret_key_from_environment(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    import os

    if not os.environ.get("KUYAKUSHO_SECRET_KEY"):
        return [
            checks.Warning(
                "KUYAKUSHO_SECRET_KEY is not set; a key is generated in var/secret_key.",
                hint="Set KUYAKUSHO_SECRET_KEY when several app servers share one database.",
                id="kuyakusho.W001",
            )
        ]
    return []


@checks.register()
def languages_have_catalogs(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    missing = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        from django.utils.translation import to_locale

        mo = settings.LOCALE_PATHS[0] / to_locale(code) / "LC_MESSAGES" / "django.mo"
        if not mo.exists():
            missing.append(code)
    if missing:
        return [
            checks.Warning(
                f"compiled translations missing for: {', '.join(missing)}",
                hint="Run `kuyakusho compiletranslations` (`kuyakusho test`, `demo` and `serve` do it themselves).",
                id="kuyakusho.W002",
            )
        ]
    return []


@checks.register()
def document_extensions_have_content_checks(
    app_configs: Any, **kwargs: Any
) -> list[checks.CheckMessage]:
    from .uploads import DOCUMENT_CHECKS

    unchecked = [
        ext for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", []) if ext not in DOCUMENT_CHECKS
    ]
    if unchecked:
        return [
            checks.Error(
                f"WAGTAILDOCS_EXTENSIONS lists kinds without a content check: {', '.join(unchecked)}",
                hint="Add a check to kuyakusho.core.uploads.DOCUMENT_CHECKS; until then such "
                "files are refused.",
                id="kuyakusho.E001",
            )
        ]
    return []
