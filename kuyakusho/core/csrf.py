"""Cross-site request forgery protection without a per-visitor token, for small anonymous
forms on pages that every visitor should be able to get from a shared cache.

Django's CSRF check needs a token in the page, which makes the page different for every
visitor: no proxy can share it (core.page_cache, deploy/nginx/). For a form whose misuse
costs little (the FAQ's 「解決しましたか？」 vote) the browser's own statement of where the
request came from is enough (OWASP CSRF Prevention Cheat Sheet, "Verifying origin with
standard headers" and "Fetch Metadata headers"): a POST is accepted only when
`Sec-Fetch-Site` says same-origin, or, from a browser that does not send it, when `Origin`
(or failing that `Referer`) names this site or a trusted origin. A request that says
nothing is refused: every browser in use sends at least one of them with a form.
Forms that change anything that matters keep Django's token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt


def is_same_origin(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    trusted = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in trusted
    referer = urlsplit(request.headers.get("Referer", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" in trusted


def same_origin_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Use instead of Django's token check on a view whose form carries no token."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and not is_same_origin(
            request
        ):
            raise PermissionDenied("cross-site request")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
