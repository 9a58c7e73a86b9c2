"""The portal's few views outside Wagtail's page tree: the notices feed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .feeds import notices_feed_response
from .selectors import notice_index


@require_GET
def notices_feed(request: HttpRequest) -> HttpResponse:
    index = notice_index()
    if index is None:
        raise Http404
    return notices_feed_response(request, index)
