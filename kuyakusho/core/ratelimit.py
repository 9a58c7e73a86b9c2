"""Fixed-window rate limits for public forms, in Django's cache (local memory embedded, Redis
when scaled out), keyed by a keyed hash of the client address so that the cache never holds
the address itself. (The FAQ keeps its own older copy of the same idea in faq/ratelimit.py.)"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _client(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, window + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return 1


def allow(request: HttpRequest, scope: str, limits: Iterable[tuple[int, int]]) -> bool:
    """Count one request in `scope` for this client; False when any (how many, per seconds)
    window is over its limit."""
    client = _client(request)
    now = int(time.time())
    allowed = True
    for limit, window in limits:
        key = f"kuyakusho:rate:{scope}:{window}:{client}:{now // window}"
        if _count(key, window) > limit:
            allowed = False
    return allowed
