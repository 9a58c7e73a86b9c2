"""Read queries for the public pages, the disaster HQ, the exports and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from kuyakusho.notifications.selectors import areas

from .kinds import Kind, Status
from .models import DamagePhoto, DamageReport, ReportEvent

NO_AREA = "none"
TIMELINE_LIMIT = 200


@dataclass
class Filters:
    """/staff/damage/?kind=&severity=&status=&source=&area=&since=&until=&exercise= (the
    exports take the same query)."""

    kinds: list[str] = field(default_factory=list)
    severities: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    area: str = ""  # an area code, NO_AREA for reports in no area, "" for all
    since: datetime | None = None
    until: datetime | None = None
    exercise: str = ""  # "real", "exercise" or "" for both


def _base() -> QuerySet[DamageReport]:
    return DamageReport.objects.select_related("area", "shelter", "duplicate_of")


def filtered(filters: Filters) -> QuerySet[DamageReport]:
    reports = _base()
    if filters.kinds:
        reports = reports.filter(kind__in=filters.kinds)
    if filters.severities:
        reports = reports.filter(severity__in=filters.severities)
    if filters.statuses:
        reports = reports.filter(status__in=filters.statuses)
    if filters.sources:
        reports = reports.filter(source__in=filters.sources)
    if filters.area == NO_AREA:
        reports = reports.filter(area__isnull=True)
    elif filters.area:
        reports = reports.filter(area__code=filters.area)
    if filters.since is not None:
        reports = reports.filter(observed_at__gte=filters.since)
    if filters.until is not None:
        reports = reports.filter(observed_at__lte=filters.until)
    if filters.exercise == "real":
        reports = reports.filter(is_exercise=False)
    elif filters.exercise == "exercise":
        reports = reports.filter(is_exercise=True)
    return reports.order_by("-reported_at", "-pk")


def public() -> QuerySet[DamageReport]:
    """What anyone may see: verified reports only, with the photos staff made public."""
    return (
        _base()
        .filter(status=Status.VERIFIED)
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=DamagePhoto.objects.filter(is_public=True),
                to_attr="public_photos",
            )
        )
        .order_by("-observed_at", "-pk")
    )


def public_photo(uuid: Any) -> DamagePhoto:
    """A photo anyone may see (DamagePhoto.DoesNotExist otherwise)."""
    return DamagePhoto.objects.get(uuid=uuid, is_public=True, report__status=Status.VERIFIED)


def area_choices() -> list[tuple[str, Any]]:
    return [(a.code, a.name_ja) for a in areas().order_by("kind", "code")]


@dataclass
class TotalsRow:
    label: str
    counts: list[int]
    total: int


@dataclass
class Totals:
    kinds: list[Any]  # Kind members, the columns
    rows: list[TotalsRow]
    column_totals: list[int]
    total: int


def totals(reports: QuerySet[DamageReport], no_area_label: str) -> Totals:
    """How many reports per area × type in `reports` (the HQ's table under its filters)."""
    counts: dict[tuple[Any, str], int] = {}
    names: dict[Any, str] = {}
    for row in (
        reports.order_by().values("area__code", "area__name_ja", "kind").annotate(n=Count("pk"))
    ):
        counts[(row["area__code"], row["kind"])] = row["n"]
        names[row["area__code"]] = row["area__name_ja"] or no_area_label
    kinds = list(Kind)
    codes = sorted(names, key=lambda code: (code is None, code or ""))
    rows = [
        TotalsRow(
            names[code],
            [counts.get((code, k.value), 0) for k in kinds],
            sum(counts.get((code, k.value), 0) for k in kinds),
        )
        for code in codes
    ]
    column_totals = [sum(r.counts[i] for r in rows) for i in range(len(kinds))]
    return Totals(kinds, rows, column_totals, sum(column_totals))


def timeline(reports: QuerySet[DamageReport], limit: int = TIMELINE_LIMIT) -> list[ReportEvent]:
    """The latest `limit` events (filings and changes) of `reports`, oldest first."""
    events = (
        ReportEvent.objects.filter(report__in=reports.order_by().values("pk"))
        .select_related("report", "actor")
        .order_by("-at", "-pk")[:limit]
    )
    return list(reversed(list(events)))


def status_counts(reports: QuerySet[DamageReport]) -> dict[str, int]:
    rows = reports.order_by().values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def report_with_history(pk: int) -> DamageReport:
    return (
        _base()
        .select_related("reported_by")
        .prefetch_related("photos", "events__actor", "duplicates")
        .get(pk=pk)
    )


def exercise_counts(reports: QuerySet[DamageReport]) -> dict[str, int]:
    return reports.order_by().aggregate(
        exercise=Count("pk", filter=Q(is_exercise=True)),
        real=Count("pk", filter=Q(is_exercise=False)),
    )
