"""The disaster page for anonymous readers straight from its files, in front of Django.

On the night of an earthquake most readers are anonymous and every one of them asks for the
same few files. Django's middleware stack (sessions, CSRF, authentication, the page cache)
costs far more than reading a file, so this WSGI wrapper answers those requests itself: the
files publication.py wrote, chosen by the same language rules as the site (cookie, then
Accept-Language). Anyone with a session cookie — a signed-in resident may have a saved language
— goes through Django as before, and so does every other path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http.cookie import parse_cookie

from . import publication
from .alert_templates import LANGUAGES

PREFIX = "/disaster/"
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
]


class _Request:
    """What core.i18n.language_for_request reads of a request, for an anonymous reader."""

    def __init__(self, environ: dict[str, Any]) -> None:
        self.META = environ
        self.COOKIES = parse_cookie(environ.get("HTTP_COOKIE", ""))


class DisasterPageFastPath:
    def __init__(self, application: Callable) -> None:
        self.application = application
        self._files: dict[str, tuple[int, bytes]] = {}  # path -> (mtime_ns, content)
        self._names = {publication.page_file(code).name: code for code in LANGUAGES}

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX) or environ.get("REQUEST_METHOD") not in {"GET", "HEAD"}:
            return self.application(environ, start_response)
        request = _Request(environ)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or environ.get("QUERY_STRING"):
            return self.application(environ, start_response)
        language = self._language(path, request)
        content = self._read(publication.page_file(language)) if language else None
        if content is None:  # not a page file, or not written yet: Django answers
            return self.application(environ, start_response)
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(content))),
            ("Content-Language", language),
            ("Cache-Control", "max-age=0, s-maxage=1"),
            ("Vary", "Accept-Language, Cookie"),
            ("Content-Security-Policy", _policy()),
            *SECURITY_HEADERS,
        ]
        if settings.SECURE_HSTS_SECONDS and _is_https(environ):
            headers.append(("Strict-Transport-Security", f"max-age={settings.SECURE_HSTS_SECONDS}"))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [content]

    def _language(self, path: str, request: _Request) -> str | None:
        if path == PREFIX:
            from kuyakusho.core.i18n import language_for_request

            language = language_for_request(request)  # type: ignore[arg-type]
            return language if language in LANGUAGES else "ja"
        return self._names.get(path[len(PREFIX) :])

    def _read(self, path: os.PathLike) -> bytes | None:
        """The file's bytes, read again only when it changed (one stat per request)."""
        key = os.fspath(path)
        try:
            modified = os.stat(key).st_mtime_ns
        except OSError:
            return None
        cached = self._files.get(key)
        if cached and cached[0] == modified:
            return cached[1]
        with open(key, "rb") as stream:
            content = stream.read()
        self._files[key] = (modified, content)
        return content


def _policy() -> str:
    return (
        f"default-src 'none'; style-src {publication.PAGE_CSS_HASH}; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def _is_https(environ: dict[str, Any]) -> bool:
    forwarded = environ.get("HTTP_X_FORWARDED_PROTO", "")
    return environ.get("wsgi.url_scheme") == "https" or forwarded == "https"
