"""Read queries for the public pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone


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


# --- for other domains (signage) ------------------------------------------------------------


def notice_categories() -> QuerySet:
    """Every notice category, in the order staff gave them."""
    from .models import NoticeCategory

    return NoticeCategory.objects.all()


@dataclass(frozen=True)
class NoticeSummary:
    """A live notice as another domain shows it: text already in the reader's language where
    the notice has it (`language` says which it is: "ja" or "en")."""

    pk: int
    title: str
    summary: str
    category_code: str
    category_name: str
    language: str
    url: str
    published_at: datetime | None


def latest_notices(
    *, category_ids: list[int], language: str, limit: int = 10
) -> list[NoticeSummary]:
    """Live, public notices of these categories, newest first. A notice whose scheduled
    unpublication time has passed is left out even before the scheduler takes it down."""
    from .models import NoticePage

    if not category_ids:
        return []
    now = timezone.now()
    notices = (
        NoticePage.objects.live()
        .public()
        .filter(category_id__in=category_ids)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .select_related("category")
        .order_by("-first_published_at", "-pk")[:limit]
    )
    summaries = []
    for notice in notices:
        english = notice.in_english(language)
        summaries.append(
            NoticeSummary(
                pk=notice.pk,
                title=notice.title_en if english else notice.title,
                # No Japanese summary under an English title: a mixed slide misleads readers
                # and screen readers alike.
                summary=notice.summary_en if english else notice.summary,
                category_code=notice.category.code,
                category_name=notice.category.display_name(language),
                language="en" if english else "ja",
                url=notice.url or "",
                published_at=notice.first_published_at,
            )
        )
    return summaries
