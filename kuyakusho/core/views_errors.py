"""Error pages in the user's language: no stack trace, no personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from .i18n import language_for_request


def _activate(request: HttpRequest) -> None:
    try:
        translation.activate(language_for_request(request))
    except Exception:
        translation.activate("ja")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    _activate(request)
    return render(request, "errors/csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    _activate(request)
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    _activate(request)
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    _activate(request)
    return render(request, "errors/400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be the thing that failed.
    _activate(request)
    html = loader.get_template("errors/500.html").render({"html_lang": translation.get_language()})
    return HttpResponse(html, status=500)
