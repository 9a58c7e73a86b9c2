"""Read queries for the public pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone


def live_children(page: Any) -> Any:
    return page.get_children().live().public().specific().order_by("path")


@dataclass(frozen=True)
class NoticeFilter:
    """What a reader narrowed the notices to; unknown codes are dropped, not errors, so
    an old or edited address still shows notices."""

    category: str = ""
    area: str = ""

    @classmethod
    def from_params(cls, params: QueryDict) -> NoticeFilter:
        from kuyakusho.notifications.models import Area

        from .models import NoticeCategory

        category = str(params.get("category", ""))[:40]
        area = str(params.get("area", ""))[:40]
        if category and not NoticeCategory.objects.filter(code=category).exists():
            category = ""
        if area and not Area.objects.filter(code=area).exists():
            area = ""
        return cls(category, area)

    def query_string(self) -> str:
        return urlencode({k: v for k, v in (("category", self.category), ("area", self.area)) if v})


def live_notices(index: Any, chosen: NoticeFilter) -> QuerySet:
    """Live public notices under the index, newest first. A notice for a given area also
    shows when it names no area at all (it is for the whole ward)."""
    from .models import NoticePage

    notices = (
        NoticePage.objects.child_of(index)
        .live()
        .public()
        .select_related("category", "responsible_department")
        .order_by("-first_published_at", "-pk")
    )
    if chosen.category:
        notices = notices.filter(category__code=chosen.category)
    if chosen.area:
        notices = notices.filter(Q(areas__code=chosen.area) | Q(areas__isnull=True)).distinct()
    return notices


def notices_page(index: Any, params: QueryDict) -> dict[str, Any]:
    """One page of live notices, newest first, optionally of one category and area."""
    from kuyakusho.notifications.models import Area

    from .models import NoticeCategory, NoticePage

    chosen = NoticeFilter.from_params(params)
    paginator = Paginator(live_notices(index, chosen), index.per_page)
    page_obj = paginator.get_page(params.get("page"))
    used_areas = NoticePage.objects.child_of(index).live().values("areas")
    return {
        "notices": page_obj,
        "categories": list(NoticeCategory.objects.all()),
        "areas": list(Area.objects.filter(pk__in=used_areas)),
        "chosen_category": chosen.category,
        "chosen_area": chosen.area,
        "filter_query": chosen.query_string(),
    }


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


def notice_index() -> Any:
    """The live お知らせ index page, or None before the site structure exists."""
    from .models import NoticeIndexPage

    return NoticeIndexPage.objects.live().public().first()
