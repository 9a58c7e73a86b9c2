"""The FAQ's public-form limits, counted by core.ratelimit."""

from __future__ import annotations

from django.http import HttpRequest

from kuyakusho.core import ratelimit

# (how many, per how many seconds) for each scope; every window must allow the request.
LIMITS: dict[str, list[tuple[int, int]]] = {
    "inquiry": [(5, 600), (30, 24 * 3600)],
    "feedback": [(60, 3600)],
}


def allow(request: HttpRequest, scope: str) -> bool:
    """Count one request in `scope` for this client; False when any window is over its limit."""
    return ratelimit.allow(request, f"faq:{scope}", LIMITS[scope])
