from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from .services import authorize


def permission_required(code: str) -> Callable:
    """Refuse (403) before anything else — e.g. before a sudo-mode password prompt — when the
    staff member lacks a ward-scoped permission. Views still call services, which check again."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            authorize(request.user, code)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
