"""Public outputs: the disaster page (static files written by publication.py), CAP 1.2 per
alert and the Atom feed of them. None of these needs a session or JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from kuyakusho.core.page_cache import not_cached

from . import cap, publication, selectors
from .alert_templates import LANGUAGES

# Short enough that a proxy in front (deploy/nginx) never shows an alert late by more than
# a second, long enough to absorb a rush of readers.
SHARED_SECONDS = 1


def _page_response(language: str) -> HttpResponse:
    path = publication.page_file(language)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        publication.write_pages()  # a fresh installation: no alert was ever published
        content = path.read_bytes()
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = f"max-age=0, s-maxage={SHARED_SECONDS}"
    response["Content-Language"] = language
    response._csp_update = {"style-src": [publication.PAGE_CSS_HASH]}
    return response


@not_cached
@require_GET
def disaster_page(request: HttpRequest) -> HttpResponse:
    """/disaster/ in the reader's language; /disaster/index.<lang>.html names one."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return _page_response(language if language in LANGUAGES else "ja")


@not_cached
@require_GET
def disaster_page_file(request: HttpRequest, name: str) -> HttpResponse:
    for language in LANGUAGES:
        if publication.page_file(language).name == name:
            return _page_response(language)
    raise Http404


@require_GET
def cap_document(request: HttpRequest, uuid) -> HttpResponse:  # type: ignore[no-untyped-def]
    alert = selectors.published_by_uuid(uuid)
    if alert is None:
        raise Http404
    return HttpResponse(cap.build(alert), content_type=f"{cap.CONTENT_TYPE}; charset=utf-8")


@require_GET
def cap_feed(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    body = cap.atom_feed(selectors.feed_alerts(), language)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
