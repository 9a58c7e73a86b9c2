"""The public outputs of alerts that are files or shared state rather than views: the static
disaster page in every language, and the signage override.

The disaster page is written as plain HTML files (`settings.DISASTER_PAGE_DIR`), so that the
app server and any web server in front serve them without Django, the database or JavaScript
(Suginami's site collapsed under load in 2011; this page must not). It is rewritten whenever
an alert is published, when shelters change, and by a periodic job when an alert expires.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from kuyakusho.core.i18n import html_lang
from kuyakusho.core.services import active_ward

from . import selectors
from .alert_templates import LANGUAGES
from .models import AlertKind

logger = logging.getLogger(__name__)
# The page's only style, inline so the page is one request; CSP admits it by its hash.
PAGE_CSS = (Path(__file__).with_name("page.css")).read_text(encoding="utf-8")
PAGE_CSS_HASH = (
    "'sha256-" + base64.b64encode(hashlib.sha256(PAGE_CSS.encode()).digest()).decode() + "'"
)
SIGNAGE_SOURCE = "disaster"
SIGNAGE_TITLE_MAX = 60
SIGNAGE_BODY_MAX = 300
PAGE_SECTIONS: list = []  # callables (language) -> context dict for the page; see register_page_section


def register_page_section(provider) -> None:  # type: ignore[no-untyped-def]
    """Let another domain add a block to the disaster page (shelters: the open shelters).
    `provider(language)` returns {"template": name, ...context} or None to add nothing."""
    if provider not in PAGE_SECTIONS:
        PAGE_SECTIONS.append(provider)


def page_file(language: str) -> Path:
    """index.html is Japanese (what a web server sends for /disaster/); the others are
    index.<language>.html, linked from every version."""
    name = "index.html" if language == "ja" else f"index.{language}.html"
    return Path(settings.DISASTER_PAGE_DIR) / name


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".html")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)  # readers see the old file or the new one, never half
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_page(language: str, now=None) -> bytes:  # type: ignore[no-untyped-def]
    now = now or timezone.now()
    active = selectors.active_alerts(now)
    lifted = selectors.recently_lifted(now)
    names = dict(settings.LANGUAGES)
    with translation.override(language):
        sections = [s for s in (provider(language) for provider in PAGE_SECTIONS) if s]
        html = render_to_string(
            "disaster/page.html",
            {
                "language": language,
                "html_lang": html_lang(language),
                "ward": active_ward(),
                "alerts": [(a, selectors.words_in(a, language)) for a in active],
                "lifted": [(a, selectors.words_in(a, language)) for a in lifted],
                "any_exercise": any(a.is_exercise for a in active),
                "generated_at": now,
                "sections": sections,
                "languages": [
                    (code, page_file(code).name, names[code]) for code in LANGUAGES if code in names
                ],
                "cap_feed": "/alerts/cap.atom",
                "css": mark_safe(PAGE_CSS),  # noqa: S308 - a file of this package
            },
        )
    return html.encode("utf-8")


def write_pages(now=None) -> list[Path]:  # type: ignore[no-untyped-def]
    written = []
    for language in LANGUAGES:
        path = page_file(language)
        _write_atomically(path, render_page(language, now))
        written.append(path)
    return written


def sync_signage(now=None) -> None:  # type: ignore[no-untyped-def]
    """Every screen shows the most severe alert in force, or goes back to its rotation."""
    from kuyakusho.signage import selectors as signage_selectors
    from kuyakusho.signage import services as signage

    active = selectors.active_alerts(now)
    if not active:
        signage.clear_override(None, source=SIGNAGE_SOURCE)
        return
    alert = active[0]
    words = selectors.words_in(alert, "ja")
    title = words.headline[:SIGNAGE_TITLE_MAX]
    body = (words.instruction or words.description)[:SIGNAGE_BODY_MAX]
    current = signage_selectors.override_of(SIGNAGE_SOURCE)
    expires_at = min(alert.expires_at, timezone.now() + timedelta(days=7) - timedelta(minutes=1))
    if current and (current.title, current.body, current.is_exercise) == (
        title,
        body,
        alert.is_exercise,
    ):
        return  # nothing changed: no new row, no new audit record
    severe = alert.kind in {
        AlertKind.EVACUATION_ORDER,
        AlertKind.EMERGENCY_SAFETY,
    } or alert.severity in {
        "Extreme",
        "Severe",
    }
    signage.set_override(
        None,
        title=title,
        body=body,
        severity="emergency" if severe else "caution",
        expires_at=expires_at,
        is_exercise=alert.is_exercise,
        source=SIGNAGE_SOURCE,
    )


def refresh_public_outputs(now=None) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the disaster page and the signage override from the alerts in force. Each part
    is tried even if the other fails, and a failure is logged for the periodic job to retry."""
    try:
        write_pages(now)
    except Exception:
        logger.exception("disaster page could not be written")
    try:
        sync_signage(now)
    except Exception:
        logger.exception("signage override could not be updated")


def refresh_if_due(now=None) -> bool:  # type: ignore[no-untyped-def]
    """Rewrite the outputs when the alerts in force may differ from what the files show: a
    change by time (expiry, delayed start) since the Japanese page was written, or no page."""
    now = now or timezone.now()
    path = page_file("ja")
    if path.exists():
        written_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        changed = selectors.changes_between(written_at, now)
        if not changed:
            return False
    refresh_public_outputs(now)
    return True
