from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .i18n import language_for_request


class LanguageMiddleware:
    """Pick the language: the resident's saved choice, the language cookie, then
    Accept-Language on the first visit, then Japanese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response


# Paths whose forms take several photos from phones (path prefix → largest body in bytes).
# There an oversized photo reaches the form, which refuses that file by name and keeps
# everything else typed, instead of a 413 page that loses the form. Domains register here.
LARGER_BODIES: dict[str, int] = {}


def allow_larger_body(path_prefix: str, limit: int) -> None:
    LARGER_BODIES[path_prefix] = limit


class RequestTooLargeMiddleware:
    """Turn an oversized request body into a readable 413 page instead of a bare 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = next(
            (size for prefix, size in LARGER_BODIES.items() if request.path.startswith(prefix)),
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        )
        if length.isdigit() and int(length) > limit:
            return self._too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return self._too_large(request)
        return None

    def _too_large(self, request: HttpRequest) -> HttpResponse:
        translation.activate(language_for_request(request))
        # The largest file any form takes (attachments may be larger than other uploads).
        largest = max(settings.MAX_UPLOAD_BYTES, settings.MAX_DOCUMENT_BYTES)
        limit_mb = largest // (1024 * 1024)
        return render(request, "errors/413.html", {"limit_mb": limit_mb}, status=413)
