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
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http.cookie import parse_cookie

from . import publication
from .alert_templates import LANGUAGES

PREFIX = "/disaster/"
ENABLED_SECONDS = 1.0
CHOICES_KEPT = 1000
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
]


class _Request:
    """What core.i18n.language_for_request reads of a request, for an anonymous reader."""

    def __init__(self, environ: dict[str, Any], cookies: dict[str, str]) -> None:
        self.META = environ
        self.COOKIES = cookies


class DisasterPageFastPath:
    def __init__(self, application: Callable) -> None:
        self.application = application
        self._names = {publication.page_file(code).name: code for code in LANGUAGES}
        self._directory = ""
        self._paths: dict[str, str] = {}  # language -> its file in the current directory
        # language -> (file identity, body, headers): rebuilt when publication replaces the file
        self._answers: dict[str, tuple[tuple[int, int, int], bytes, list[tuple[str, str]]]] = {}
        self._chosen: dict[tuple[str, str], str] = {}  # (cookie, Accept-Language) -> language
        self._enabled: list[str] = []
        self._enabled_until = 0.0

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD")
        if (
            not path.startswith(PREFIX)
            or method not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
        ):
            return self.application(environ, start_response)
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
        if settings.SESSION_COOKIE_NAME in cookies:
            return self.application(environ, start_response)
        language = self._language(path, environ, cookies)
        answer = self._answer(language) if language else None
        if answer is None:  # not a page file, or not written yet: Django answers
            return self.application(environ, start_response)
        body, headers = answer
        if settings.SECURE_HSTS_SECONDS and _is_https(environ):
            hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            headers = [*headers, ("Strict-Transport-Security", hsts)]
        start_response("200 OK", headers)
        return [] if method == "HEAD" else [body]

    def _language(self, path: str, environ: dict[str, Any], cookies: dict[str, str]) -> str | None:
        if path != PREFIX:
            return self._names.get(path[len(PREFIX) :])
        self._refresh_enabled()
        key = (
            cookies.get(settings.LANGUAGE_COOKIE_NAME, ""),
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
        )
        language = self._chosen.get(key)
        if language is None:
            from kuyakusho.core.i18n import language_for_request

            language = language_for_request(_Request(environ, cookies))  # type: ignore[arg-type]
            if language not in LANGUAGES:
                language = "ja"
            if len(self._chosen) >= CHOICES_KEPT:  # the keys are the client's: keep them bounded
                self._chosen.clear()
            self._chosen[key] = language
        return language

    def _refresh_enabled(self) -> None:
        """The ward's languages, read again every ENABLED_SECONDS: unpickling the cached ward
        on every request cost more than everything else here. A change forgets the choices."""
        now = time.monotonic()
        if now < self._enabled_until:
            return
        from kuyakusho.core.i18n import enabled_codes

        enabled = enabled_codes()
        if enabled != self._enabled:
            self._enabled, self._chosen = enabled, {}
        self._enabled_until = now + ENABLED_SECONDS

    def _answer(self, language: str) -> tuple[bytes, list[tuple[str, str]]] | None:
        """The file's bytes and headers, read again only when the file was replaced (one stat
        per request; publication writes a new file and renames it over the old one)."""
        directory = os.fspath(settings.DISASTER_PAGE_DIR)
        if directory != self._directory:
            self._directory, self._answers = directory, {}
            self._paths = {code: os.fspath(publication.page_file(code)) for code in LANGUAGES}
        path = self._paths[language]
        try:
            status = os.stat(path)
        except OSError:
            return None
        identity = (status.st_ino, status.st_mtime_ns, status.st_size)
        cached = self._answers.get(language)
        if cached and cached[0] == identity:
            return cached[1], cached[2]
        with open(path, "rb") as stream:
            body = stream.read()
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Content-Language", language),
            ("Cache-Control", "max-age=0, s-maxage=1"),
            ("Vary", "Accept-Language, Cookie"),
            ("Content-Security-Policy", _policy()),
            *SECURITY_HEADERS,
        ]
        self._answers[language] = (identity, body, headers)
        return body, headers


def _policy() -> str:
    return (
        f"default-src 'none'; style-src {publication.PAGE_CSS_HASH}; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def _is_https(environ: dict[str, Any]) -> bool:
    forwarded = environ.get("HTTP_X_FORWARDED_PROTO", "")
    return environ.get("wsgi.url_scheme") == "https" or forwarded == "https"
