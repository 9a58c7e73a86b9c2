"""Read queries for the public pages, the staff inbox, figures, exports and Open311. Nothing
here reads ReporterContact: personal data is opened only by services_staff (audited)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Category, Report, ReportPhoto, ReportUpdate, StateLabel
from .states import OPEN_STATES, State

NEARBY_METRES = 150
NEARBY_LIMIT = 5
PUBLIC_LIMIT = 500
METRES_PER_DEGREE_LAT = 111_320


def categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("department")


def all_categories() -> QuerySet[Category]:
    return Category.objects.select_related("department").prefetch_related("attributes")


def state_labels(language: str) -> dict[str, str]:
    """Every state's label in `language`: staff's own label when they set one."""
    labels = {state.value: str(state.label) for state in State}
    for row in StateLabel.objects.all():
        english = not language.startswith("ja") and row.label_en
        labels[row.state] = row.label_en if english else row.label_ja
    return labels


def state_label(state: str, language: str) -> str:
    return state_labels(language).get(state, state)


def public() -> QuerySet[Report]:
    """Reports anyone may see: confirmed (an e-mail address confirmed, or sent by a resident
    with an account, an Open311 client or staff)."""
    return Report.objects.filter(confirmed_at__isnull=False).select_related(
        "category", "department"
    )


@dataclass
class Filters:
    categories: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    since: datetime | None = None
    until: datetime | None = None
    departments: list[int] | None = None
    assignee: Any = None
    search: str = ""


def filtered(reports: QuerySet[Report], filters: Filters) -> QuerySet[Report]:
    if filters.categories:
        reports = reports.filter(category__code__in=filters.categories)
    if filters.states:
        reports = reports.filter(state__in=filters.states)
    if filters.bbox is not None:
        west, south, east, north = filters.bbox
        reports = reports.filter(lon__gte=west, lon__lte=east, lat__gte=south, lat__lte=north)
    if filters.since is not None:
        reports = reports.filter(requested_at__gte=filters.since)
    if filters.until is not None:
        reports = reports.filter(requested_at__lte=filters.until)
    if filters.departments is not None:
        reports = reports.filter(department_id__in=filters.departments)
    if filters.assignee is not None:
        reports = reports.filter(assignee=filters.assignee)
    if filters.search:
        reports = reports.filter(
            Q(description__icontains=filters.search) | Q(address__icontains=filters.search)
        )
    return reports


def public_report(pk: int) -> Report:
    """Report.DoesNotExist for an unknown or unconfirmed report."""
    return public().get(pk=pk)


def public_timeline(report: Report) -> QuerySet[ReportUpdate]:
    return report.updates.filter(is_public=True)


def with_latest_note(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Each report with `latest_note`: the text of its newest public timeline entry that has
    one (Open311 status_notes), in the same query."""
    latest = (
        ReportUpdate.objects.filter(report=OuterRef("pk"), is_public=True)
        .exclude(text="")
        .order_by("-at", "-pk")
        .values("text")[:1]
    )
    return reports.annotate(latest_note=Subquery(latest))


def public_photos(report: Report) -> QuerySet[ReportPhoto]:
    return report.photos.filter(is_public=True)


def public_photo(uuid: str) -> ReportPhoto:
    return ReportPhoto.objects.get(uuid=uuid, is_public=True, report__confirmed_at__isnull=False)


def nearby_open(category: Category, lat: float, lon: float) -> list[Report]:
    """Open reports of the same category within NEARBY_METRES, nearest first."""
    dlat = NEARBY_METRES / METRES_PER_DEGREE_LAT
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = public().filter(
        category=category,
        state__in=OPEN_STATES,
        lat__gte=lat - dlat,
        lat__lte=lat + dlat,
        lon__gte=lon - dlon,
        lon__lte=lon + dlon,
    )
    rows = [(distance_metres(lat, lon, r.lat, r.lon), r) for r in candidates[:200]]
    rows = [row for row in rows if row[0] <= NEARBY_METRES]
    rows.sort(key=lambda row: row[0])
    for metres, report in rows:
        report.distance = round(metres)
    return [report for _metres, report in rows[:NEARBY_LIMIT]]


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within a ward."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return math.hypot(x, y) * 6_371_000


def inbox(department_ids: list[int], filters: Filters) -> QuerySet[Report]:
    """A department's confirmed reports, open ones first (most urgent, then oldest)."""
    filters.departments = department_ids
    reports = filtered(
        Report.objects.filter(confirmed_at__isnull=False).select_related(
            "category", "department", "assignee"
        ),
        filters,
    )
    return reports


def staff_report(pk: int, department_ids: list[int]) -> Report:
    return Report.objects.select_related("category", "department", "assignee", "duplicate_of").get(
        pk=pk, department_id__in=department_ids, confirmed_at__isnull=False
    )


@dataclass
class DepartmentFigures:
    department: Any
    received: int
    open: int
    closed: int
    first_response_hours: float | None
    completion_hours: float | None


def _hours(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 1) if value is not None else None


def figures(department_ids: list[int], since: datetime | None = None) -> list[DepartmentFigures]:
    """Per department: how many, how many open, and the mean hours from receipt to the first
    public answer and to completion (完了). Averaged in Python: the same on SQLite and
    PostgreSQL, and a department's reports are few enough."""
    reports = Report.objects.filter(confirmed_at__isnull=False, department_id__in=department_ids)
    if since is not None:
        reports = reports.filter(requested_at__gte=since)
    by_department: dict[int, dict[str, Any]] = {}
    columns = ("department_id", "department__name_ja", "department__name_en", "state",
               "requested_at", "first_response_at", "closed_at")  # fmt: skip
    for dept, name_ja, name_en, state, requested, first, closed in reports.values_list(*columns):
        row = by_department.setdefault(
            dept,
            {"department": {"name_ja": name_ja, "name_en": name_en}, "received": 0, "open": 0,
             "first": [], "done": []},
        )  # fmt: skip
        row["received"] += 1
        row["open"] += state in OPEN_STATES
        if first is not None:
            row["first"].append(first - requested)
        if state == State.FIXED and closed is not None:
            row["done"].append(closed - requested)

    def mean(values: list[timedelta]) -> float | None:
        return _hours(sum(values, timedelta()) / len(values)) if values else None

    return sorted(
        (
            DepartmentFigures(
                department=row["department"],
                received=row["received"],
                open=row["open"],
                closed=row["received"] - row["open"],
                first_response_hours=mean(row["first"]),
                completion_hours=mean(row["done"]),
            )
            for row in by_department.values()
        ),
        key=lambda f: f.department["name_ja"],
    )


def default_window() -> datetime:
    """Open311 GET requests without dates: the last 90 days (the specification's default)."""
    return timezone.now() - timedelta(days=90)


def describe_state_counts(reports: QuerySet[Report], language: str) -> list[tuple[str, str, int]]:
    labels = state_labels(language)
    counts = dict(reports.values_list("state").annotate(n=Count("id")).order_by())
    return [(state.value, labels[state.value], counts.get(state.value, 0)) for state in State]


def no_reports_message() -> str:
    return _("条件に合うレポートはありません。条件を減らしてもう一度お試しください。")


def changeset() -> datetime | None:
    """When the services last changed, for Open311 discovery: the newest category save."""
    from kuyakusho.core.models import AuditRecord

    record = (
        AuditRecord.objects.filter(verb__startswith="reports.category")
        .order_by("-sequence")
        .first()
    )
    return record.created_at if record is not None else None
