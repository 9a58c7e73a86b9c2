"""Read queries for the public list, the GeoJSON, the API and other domains (open data,
disaster, reservations): published facilities, filtered, optionally nearest first.

Distance is an equirectangular approximation computed in SQL (the same on SQLite and
PostgreSQL, no GIS extension): over a ward's few kilometres it differs from the great-circle
distance by far less than a metre, so it orders and labels "near me" correctly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import ExpressionWrapper, F, FloatField, Prefetch, Q, QuerySet, Value

from kuyakusho.core.search import MAX_LIMIT, search

from .attributes import BY_CODE, SHELTER_FILTERS, WIFI_FILTERS
from .models import Facility, FacilityType, Landmark, OpeningHours

SEARCH_DOC_TYPE = "facility"
# A ward has hundreds or a few thousand facilities; the text filter reads this many matches.
MAX_TEXT_MATCHES = 5000
METRES_PER_DEGREE_LAT = 111_132.0
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


@dataclass
class Filters:
    """What a resident (or an API client) narrowed the list by. Empty means everything."""

    q: str = ""
    type: FacilityType | None = None
    town: str = ""
    attributes: list[str] = field(default_factory=list)  # codes of attributes.FILTERABLE
    wifi: str = ""  # a key of attributes.WIFI_FILTERS
    shelter: str = ""  # a key of attributes.SHELTER_FILTERS
    point: tuple[float, float] | None = None  # (lat, lon) to measure distance from


def published() -> QuerySet[Facility]:
    return Facility.objects.filter(is_published=True)


def with_relations(facilities: QuerySet[Facility]) -> QuerySet[Facility]:
    return facilities.select_related("type", "department").prefetch_related(
        Prefetch("hours", queryset=OpeningHours.objects.order_by("day", "opens"))
    )


def published_facility(pk: int) -> Facility:
    """One published facility (Facility.DoesNotExist otherwise)."""
    return with_relations(published()).get(pk=pk)


def filtered(filters: Filters, facilities: QuerySet[Facility] | None = None) -> QuerySet[Facility]:
    """Published facilities matching every filter; nearest first when a point is given, else
    by reading (よみがな). With a point each row carries `distance_m`."""
    facilities = published() if facilities is None else facilities
    if filters.type is not None:
        facilities = facilities.filter(type=filters.type)
    if filters.town:
        facilities = facilities.filter(town=filters.town)
    for code in filters.attributes:
        facilities = facilities.filter(**{BY_CODE[code].field: True})
    if filters.wifi:
        facilities = facilities.filter(wifi__in=WIFI_FILTERS[filters.wifi])
    if filters.shelter:
        facilities = facilities.filter(**{SHELTER_FILTERS[filters.shelter]: True})
    if filters.q:
        facilities = facilities.filter(pk__in=text_matches(filters.q))
    if filters.point is None:
        return with_relations(facilities).order_by("name_kana", "pk")
    return with_relations(with_distance(facilities, *filters.point)).order_by(
        "distance_sq", "name_kana", "pk"
    )


def with_distance(facilities: QuerySet[Facility], lat: float, lon: float) -> QuerySet[Facility]:
    """Annotate `distance_sq` (square metres, for ordering); `distance_m` is read from it."""
    metres_lon = METRES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat))
    north = (F("lat") - Value(lat)) * Value(METRES_PER_DEGREE_LAT)
    east = (F("lon") - Value(lon)) * Value(metres_lon)
    return facilities.annotate(
        distance_sq=ExpressionWrapper(north * north + east * east, output_field=FloatField())
    )


def distance_m(facility: Facility) -> int | None:
    """Metres from the filter's point, rounded to 10 m (None when no point was given)."""
    squared = getattr(facility, "distance_sq", None)
    if squared is None:
        return None
    return int(round(math.sqrt(max(squared, 0.0)) / 10.0) * 10)


def text_matches(query: str) -> list[int]:
    """Ids of facilities whose search documents (any language) contain every word of `query`.
    Only published facilities are indexed (services keep the index in step)."""
    ids: list[int] = []
    offset = 0
    while offset < MAX_TEXT_MATCHES:
        results = search(query, doc_types=SEARCH_DOC_TYPE, limit=MAX_LIMIT, offset=offset)
        ids.extend(int(hit.object_key) for hit in results.hits if hit.object_key.isdigit())
        offset += MAX_LIMIT
        if offset >= results.total or not results.hits:
            break
    return list(dict.fromkeys(ids))


def types_in_use() -> QuerySet[FacilityType]:
    """Types that have at least one published facility: the public filter's choices."""
    return FacilityType.objects.filter(facilities__is_published=True).distinct()


def towns() -> list[str]:
    """町名 of published facilities, in order."""
    values = published().exclude(town="").values_list("town", flat=True).distinct()
    return sorted(values)


def landmarks() -> QuerySet[Landmark]:
    return Landmark.objects.all()


def shelters() -> QuerySet[Facility]:
    """Published 指定避難所, 福祉避難所 and 指定緊急避難場所 (for the disaster module)."""
    return with_relations(
        published().filter(
            Q(is_designated_shelter=True) | Q(is_welfare_shelter=True) | Q(is_evacuation_site=True)
        )
    )


def for_departments(department_ids: Iterable[int] | None, *, query: str = "") -> QuerySet[Facility]:
    """Staff list: facilities of these departments (None: every department), published or not."""
    facilities = Facility.objects.select_related("type", "department")
    if department_ids is not None:
        facilities = facilities.filter(department_id__in=list(department_ids))
    if query:
        facilities = facilities.filter(
            Q(name_ja__icontains=query)
            | Q(name_kana__icontains=query)
            | Q(name_en__icontains=query)
        )
    return facilities.order_by("name_kana", "pk")
