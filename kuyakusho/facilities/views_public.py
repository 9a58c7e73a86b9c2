"""Resident pages: the facility list (a plain GET form; the map enhances a table), a facility's
page, and the same list as GeoJSON."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kuyakusho.core.geo import feature_collection, ward_map_config

from . import hours, representation, selectors
from .attributes import BARRIER_FREE, HAZARDS, Wifi, present
from .forms import FilterForm, filter_params
from .models import Facility

PER_PAGE = 50


def _language() -> str:
    return get_language() or "ja"


@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(filter_params(request.GET))
    form.is_valid()  # a wrong field is reported and left out; the rest still filters
    filters = form.filters()
    page = Paginator(selectors.filtered(filters), PER_PAGE).get_page(request.GET.get("page"))
    language = _language()
    rows = [representation.row(facility, language) for facility in page]
    config = {
        **ward_map_config(),
        "geojson": feature_collection(
            representation.map_feature(r.facility, language) for r in rows
        ),
        "origin": list(filters.point) if filters.point else None,
    }
    query = filter_params(request.GET)
    query.pop("page", None)
    landmark = form.cleaned_data.get("origin_landmark")
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filters": filters,
        # A landmark's name, or None when the point was typed or picked on the map.
        "origin_name": landmark.display_name(language) if landmark else None,
        "map_config": config,
        "query": query.urlencode(),
    }
    return render(request, "facilities/list.html", context, status=400 if form.errors else 200)


@require_GET
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        facility = selectors.published_facility(pk)
    except Facility.DoesNotExist:
        raise Http404 from None
    language = _language()
    rows = list(facility.hours.all())
    week = hours.by_day(rows)
    context = {
        "facility": facility,
        "name": facility.display_name(language),
        "type_name": facility.type.display_name(language),
        "description": facility.description_for(language),
        "hours_note": facility.hours_note_for(language),
        "today": hours.today(rows, timezone.localtime()),
        "week": [(hours.DAY_NAMES[day], ranges) for day, ranges in week.items()],
        "has_hours": any(week.values()),
        "barrier_free": present(facility, BARRIER_FREE),
        "hazards": present(facility, HAZARDS),
        "wifi": "" if facility.wifi == Wifi.NONE else Wifi(facility.wifi).label,
        "places": [representation.feature(facility, language)],
    }
    return render(request, "facilities/detail.html", context)


@require_GET
def geojson(request: HttpRequest) -> JsonResponse:
    """The list's facilities (the same filters, no paging) as an RFC 7946 FeatureCollection."""
    form = FilterForm(filter_params(request.GET))
    if not form.is_valid():
        response = JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    else:
        language = _language()
        facilities = selectors.filtered(form.filters())
        collection = feature_collection(
            representation.feature(f, language, request.build_absolute_uri) for f in facilities
        )
        response = JsonResponse(
            collection,
            content_type="application/geo+json",
            json_dumps_params={"ensure_ascii": False},
        )
    # Open data for any site or tool to read; no cookies are involved.
    response["Access-Control-Allow-Origin"] = "*"
    return response
