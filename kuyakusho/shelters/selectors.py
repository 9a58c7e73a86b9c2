"""Read queries: the public list and map (with filters), one shelter, the GeoJSON, the staff
lists, the history, and `open_shelters()` for the disaster page.

`open_shelters()` is the interface other domains use: one query, plain values, no model
instances to hold on to (see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from .attributes import (
    ACTIVE_STATUSES,
    BARRIER_FREE_BY_CODE,
    HAZARD_BY_CODE,
    KIND_BY_CODE,
    KINDS,
    Status,
)
from .models import Shelter, StatusChange


@dataclass
class Filters:
    """What a resident (or an API client) narrowed the list by. Empty means everything."""

    kind: str = ""  # a code of attributes.KINDS
    hazard: str = ""  # a code of attributes.HAZARDS (implies a 指定緊急避難場所)
    open_only: bool = False  # open or full: where people are being taken in
    accessibility: list[str] = field(default_factory=list)  # BARRIER_FREE codes, all must hold


def active() -> QuerySet[Shelter]:
    return Shelter.objects.filter(is_active=True)


def _taking_people_first(shelters: QuerySet[Shelter]) -> QuerySet[Shelter]:
    return shelters.annotate(
        closed_last=Case(
            When(status__in=ACTIVE_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed_last", "name_kana", "pk")


def filtered(filters: Filters) -> QuerySet[Shelter]:
    """Active shelters matching every filter: open and full ones first, then by reading."""
    shelters = active()
    if filters.kind:
        shelters = shelters.filter(**{KIND_BY_CODE[filters.kind].field: True})
    if filters.hazard:
        shelters = shelters.filter(
            is_evacuation_site=True, **{HAZARD_BY_CODE[filters.hazard].field: True}
        )
    if filters.open_only:
        shelters = shelters.filter(status__in=ACTIVE_STATUSES)
    for code in filters.accessibility:
        shelters = shelters.filter(**{BARRIER_FREE_BY_CODE[code].field: True})
    return _taking_people_first(shelters)


def public_shelter(pk: int) -> Shelter:
    """One active shelter (Shelter.DoesNotExist otherwise)."""
    return active().select_related("department").get(pk=pk)


def status_counts() -> dict[str, int]:
    """How many active shelters are in each status (the public page's summary)."""
    rows = active().values("status").annotate(n=Count("pk")).order_by()
    counts = {status: 0 for status in Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --- for the disaster page and other domains --------------------------------------------------
@dataclass(frozen=True)
class OpenShelter:
    """An open or full shelter as the disaster page shows it. Plain values: safe to cache."""

    id: int
    name_ja: str
    name_en: str
    name_kana: str
    address: str
    lat: float
    lon: float
    status: str  # attributes.Status: "open" or "full"
    head_count: int
    capacity: int
    kinds: tuple[str, ...]  # codes of attributes.KINDS
    status_updated_at: datetime | None

    def name(self, language: str) -> str:
        """The Japanese name on Japanese and Chinese pages, the English one for the rest."""
        if language.startswith(("ja", "zh")) or not self.name_en:
            return self.name_ja
        return self.name_en

    @property
    def is_full(self) -> bool:
        return self.status == Status.FULL


_OPEN_FIELDS = (
    "id",
    "name_ja",
    "name_en",
    "name_kana",
    "address",
    "lat",
    "lon",
    "status",
    "head_count",
    "capacity",
    "status_updated_at",
)


def open_shelters() -> list[OpenShelter]:
    """Every active shelter that is open or full, open ones first, then by reading (よみがな):
    status, head count, capacity and address. One query.

    For the disaster page (issue #6): call it when `shelters.status.changed` is logged
    (core.audit.subscribe) to rebuild what it shows."""
    kind_fields = [kind.field for kind in KINDS]
    rows = (
        active()
        .filter(status__in=ACTIVE_STATUSES)
        .annotate(
            full_last=Case(
                When(status=Status.FULL, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("full_last", "name_kana", "pk")
        .values(*_OPEN_FIELDS, *kind_fields)
    )
    return [
        OpenShelter(
            **{name: row[name] for name in _OPEN_FIELDS},
            kinds=tuple(kind.code for kind in KINDS if row[kind.field]),
        )
        for row in rows
    ]


# --- staff ------------------------------------------------------------------------------------
def for_departments(
    department_ids: Iterable[int] | None, *, include_inactive: bool = False
) -> QuerySet[Shelter]:
    """Shelters run by these departments (None: every department), open and full first."""
    shelters = Shelter.objects.select_related("department", "status_updated_by")
    if not include_inactive:
        shelters = shelters.filter(is_active=True)
    if department_ids is not None:
        shelters = shelters.filter(department_id__in=list(department_ids))
    return _taking_people_first(shelters)


def registry(query: str = "") -> QuerySet[Shelter]:
    """Every shelter, active or not, for the registry screen; optionally by name or reading."""
    shelters = Shelter.objects.select_related("department")
    if query:
        shelters = shelters.filter(
            Q(name_ja__icontains=query)
            | Q(name_kana__icontains=query)
            | Q(name_en__icontains=query)
        )
    return shelters.order_by("name_kana", "pk")


@dataclass(frozen=True)
class Totals:
    open: int
    full: int
    closed: int
    head_count: int  # people in open and full shelters
    capacity: int  # capacity of open and full shelters


def totals(department_ids: Iterable[int] | None = None) -> Totals:
    """The disaster HQ's summary line over active shelters (of these departments)."""
    shelters = active()
    if department_ids is not None:
        shelters = shelters.filter(department_id__in=list(department_ids))
    taking = Q(status__in=ACTIVE_STATUSES)
    result = shelters.aggregate(
        open=Count("pk", filter=Q(status=Status.OPEN)),
        full=Count("pk", filter=Q(status=Status.FULL)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        head_count=Sum("head_count", filter=taking),
        capacity=Sum("capacity", filter=taking),
    )
    return Totals(**{key: value or 0 for key, value in result.items()})


def history(shelter: Shelter) -> QuerySet[StatusChange]:
    """Every status update of a shelter, newest first."""
    return shelter.status_changes.select_related("changed_by")
