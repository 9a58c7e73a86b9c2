"""Read queries for the public pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import QueryDict


def live_children(page: Any) -> Any:
    return page.get_children().live().public().specific().order_by("path")


def notices_page(index: Any, params: QueryDict) -> dict[str, Any]:
    """One page of live notices, newest first, optionally of one category."""
    from .models import NoticeCategory, NoticePage

    notices = (
        NoticePage.objects.child_of(index)
        .live()
        .public()
        .select_related("category", "responsible_department")
        .order_by("-first_published_at", "-pk")
    )
    categories = list(NoticeCategory.objects.all())
    chosen = params.get("category", "")
    if chosen and any(c.code == chosen for c in categories):
        notices = notices.filter(category__code=chosen)
    else:
        chosen = ""
    paginator = Paginator(notices, index.per_page)
    page_obj = paginator.get_page(params.get("page"))
    return {"notices": page_obj, "categories": categories, "chosen_category": chosen}


def attachment_rows(page: Any) -> list[dict[str, Any]]:
    """Attachments with what a reader needs before opening one: type and size."""
    rows = []
    for attachment in page.attachments.select_related("document"):
        document = attachment.document
        try:
            size = document.get_file_size()
        except OSError:  # the file is missing from storage; still list it
            size = None
        rows.append(
            {
                "label": attachment.display_label,
                "url": document.url,
                "extension": (document.file_extension or "").upper(),
                "size": size,
            }
        )
    return rows
