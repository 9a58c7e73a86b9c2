"""Page cache for anonymous visitors: whole responses of public pages, kept for a short time.

Why our own middleware and not Django's per-site cache: Django keys on the raw Cookie and
Accept-Language headers (every visitor's cookies differ, so nothing would be shared), caches
responses that carry a CSRF token, and cannot be told which cookies are harmless. Here:

- Only GET/HEAD requests that carry no cookie other than the language, text-size, furigana
  and CSRF cookies are served from or stored in the cache: a session (signed in, or a
  visitor who voted or sent a form) or a messages cookie means the page is built afresh.
  Personal and back-office paths (settings.PAGE_CACHE_EXCLUDED_PREFIXES) never are.
- The key holds what the page depends on for an anonymous visitor: scheme, host, path and
  query, and the language, text size and furigana choice as resolved from the request, so
  one language's page never reaches a reader of another.
- Only 200 responses are stored, never one that sets a cookie other than CSRF's, carries
  Cache-Control private/no-store/no-cache, varies on anything beyond Accept-Language and
  Cookie, used a CSP nonce, or comes from a view marked @not_cached (views whose GET has a
  side effect, such as counting searches that found nothing).
- A page with a form carries the visitor's CSRF token. The stored copy remembers where that
  token is; each visitor served from the cache gets their own token in its place (and the
  cookie that goes with it) through Django's CSRF middleware, so no token is ever shared.
- Entries live settings.PAGE_CACHE_SECONDS (KUYAKUSHO_PAGE_CACHE_SECONDS, 60 by default; 0
  turns the cache off). Every audited change (core.audit) except reads, searches, exports and
  sign-ins also starts a new cache generation, so a published page, answer, event or alert
  shows at once wherever the cache is shared (Redis) or was changed in the same process;
  otherwise it shows within the lifetime. See docs/architecture.md and docs/operations.md.

Responses carry X-Cache: hit, miss (stored now) or bypass (not eligible), and Age on hits.

A shared cache in front (the production proxy, deploy/nginx/) may keep what this cache
would share with every visitor, i.e. a stored page without a CSRF token: such responses say
`Cache-Control: max-age=0, s-maxage=N` (settings.PROXY_CACHE_SECONDS, a few seconds, since
the proxy learns of no change: a published alert reaches its visitors within N seconds).
Browsers keep nothing (max-age=0); everything else carries no Cache-Control from here, and a
proxy without a validity of its own stores nothing without one.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import cc_delim_re

from . import i18n

try:  # private in Django; without it pages with a form are simply not stored
    from django.middleware.csrf import _unmask_cipher_token
except ImportError:  # pragma: no cover
    _unmask_cipher_token = None

CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
HEADER = "X-Cache"
# Audit verbs that never change what an anonymous visitor sees (and can be frequent).
QUIET_VERB_SUFFIXES = ("read", "searched", "exported")
QUIET_VERB_PREFIXES = ("accounts.",)
ALLOWED_VARY = {"accept-language", "cookie"}
REFUSING_CACHE_CONTROL = {"private", "no-store", "no-cache"}
TOKEN_PATTERN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def not_cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose every GET must reach it (it counts or records something)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.page_cache_exempt = True
        return response

    return wrapped


def invalidate() -> None:
    """Start a new generation: every stored page is stale from now on."""
    caches[CACHE_ALIAS].set(GENERATION_KEY, time.time_ns(), None)


def invalidate_on_audit(record: Any) -> None:
    """core.audit subscriber: content changed somewhere, so stored pages may be stale."""
    verb = record.verb
    if verb.endswith(QUIET_VERB_SUFFIXES) or verb.startswith(QUIET_VERB_PREFIXES):
        return
    invalidate()


@dataclass(frozen=True)
class Entry:
    generation: Any
    stored_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    csrf_tokens: tuple[bytes, ...]  # where the first visitor's CSRF token stands in content


def _cookie_names() -> frozenset[str]:
    return frozenset(
        {
            settings.LANGUAGE_COOKIE_NAME,
            i18n.TEXT_SIZE_COOKIE,
            i18n.FURIGANA_COOKIE,
            settings.CSRF_COOKIE_NAME,
        }
    )


def _eligible(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= _cookie_names()


def _key(request: HttpRequest) -> str | None:
    try:
        address = request.build_absolute_uri()
    except DisallowedHost:
        return None  # the normal stack answers it with its 400 page
    parts = (
        address,
        i18n.language_for_request(request),
        i18n.text_size_for(request),
        "furigana" if i18n.furigana_for(request) else "-",
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _csrf_tokens(request: HttpRequest, response: HttpResponse) -> tuple[bytes, ...] | None:
    """The CSRF tokens rendered into the page, or None when the page cannot be stored."""
    if settings.CSRF_COOKIE_NAME not in response.cookies:
        return ()
    secret = request.META.get("CSRF_COOKIE", "")
    if settings.CSRF_USE_SESSIONS or _unmask_cipher_token is None or not secret:
        return None
    if secret.encode() in response.content:
        return None  # the bare secret is on the page: never share it
    return tuple(
        {
            t
            for t in TOKEN_PATTERN.findall(response.content)
            if _unmask_cipher_token(t.decode()) == secret
        }
    )


def _storable(request: HttpRequest, response: HttpResponse) -> tuple[bytes, ...] | None:
    """The CSRF tokens to replace on each hit if the response may be stored, else None."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if getattr(response, "page_cache_exempt", False):
        return None
    if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
        return None
    directives = {
        d.split("=", 1)[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & REFUSING_CACHE_CONTROL:
        return None
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if not vary <= ALLOWED_VARY:
        return None
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return None  # a nonce must be new for every response
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    return _csrf_tokens(request, response)


def _build(entry: Entry, content: bytes) -> HttpResponse:
    response = HttpResponse(content, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    response["Age"] = str(max(0, int(time.time() - entry.stored_at)))
    response[HEADER] = "hit"
    return response


def _let_proxies_share(response: HttpResponse) -> HttpResponse:
    """Mark a page that is the same for every anonymous visitor as storable by a shared
    cache for a few seconds (never one with a visitor's CSRF token or cookie)."""
    seconds = settings.PROXY_CACHE_SECONDS
    if seconds > 0 and "Cache-Control" not in response and not response.cookies:
        response["Cache-Control"] = f"max-age=0, s-maxage={seconds}"
    return response


def _serve(request: HttpRequest, entry: Entry) -> HttpResponse:
    if not entry.csrf_tokens:
        return _let_proxies_share(_build(entry, entry.content))

    def with_own_token(request: HttpRequest) -> HttpResponse:
        token = get_token(request).encode()
        content = entry.content
        for stored in entry.csrf_tokens:
            content = content.replace(stored, token)
        return _build(entry, content)

    # Django's own middleware reads this visitor's CSRF cookie (or makes a new secret) and
    # sets the cookie that matches the token put on the page.
    return CsrfViewMiddleware(with_own_token)(request)


class PageCacheMiddleware:
    """Serve anonymous visitors' GET requests from the page cache (see the module notes).
    Sits before the session middleware, so a hit costs no session, user or database work."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.get_response(request)
        key = _key(request) if _eligible(request) else None
        if key is None:
            response = self.get_response(request)
            response[HEADER] = "bypass"
            return response
        cache = caches[CACHE_ALIAS]
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and entry.generation == generation:
            return _serve(request, entry)
        response = self.get_response(request)
        tokens = _storable(request, response)
        if tokens is None:
            response[HEADER] = "bypass"
            return response
        headers = tuple((k, v) for k, v in response.items() if k.lower() != HEADER.lower())
        entry = Entry(
            generation, time.time(), response.status_code, headers, response.content, tokens
        )
        cache.set(key, entry, seconds)
        response[HEADER] = "miss"
        return _let_proxies_share(response) if not tokens else response
