"""Resident pages: the shelter list with its map (a plain GET form; the map enhances a table),
a shelter's page, and the list as GeoJSON. All show the live status; the page cache drops them
whenever a status changes (the change is audited), so none is served stale."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kuyakusho.core.geo import feature_collection, ward_map_config
from kuyakusho.facilities import selectors as facility_selectors

from . import representation, selectors
from .attributes import BARRIER_FREE, HAZARDS, KINDS, Status, present
from .forms import FilterForm, filter_params
from .models import Shelter


def _language() -> str:
    return get_language() or "ja"


@require_GET
def shelter_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(filter_params(request.GET))
    form.is_valid()  # a wrong field is reported and left out; the rest still filters
    filters = form.filters()
    language = _language()
    shelters = list(selectors.filtered(filters))  # a ward has tens to a few hundred: no paging
    rows = [representation.row(shelter, language) for shelter in shelters]
    query = filter_params(request.GET).urlencode()
    context = {
        "form": form,
        "rows": rows,
        "counts": selectors.status_counts(),
        "map_config": {
            **ward_map_config(),
            "geojson": feature_collection(
                representation.map_feature(shelter, language) for shelter in shelters
            ),
        },
        "query": query,
        "statuses": Status,
    }
    return render(request, "shelters/list.html", context, status=400 if form.errors else 200)


@require_GET
def shelter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        shelter = selectors.public_shelter(pk)
    except Shelter.DoesNotExist:
        raise Http404 from None
    language = _language()
    facility = None
    if shelter.facility_id is not None:
        facility = facility_selectors.published().filter(pk=shelter.facility_id).first()
    context = {
        "shelter": shelter,
        "name": shelter.display_name(language),
        "description": shelter.description_for(language),
        "status_label": Status(shelter.status).label,
        "kinds": present(shelter, KINDS),
        "hazards": present(shelter, HAZARDS),
        "accessibility": present(shelter, BARRIER_FREE),
        "facility": facility,
        "places": [representation.feature(shelter, language)],
        "statuses": Status,
    }
    return render(request, "shelters/detail.html", context)


@require_GET
def geojson(request: HttpRequest) -> JsonResponse:
    """The list's shelters (the same filters) as an RFC 7946 FeatureCollection."""
    form = FilterForm(filter_params(request.GET))
    if not form.is_valid():
        response = JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    else:
        language = _language()
        collection = feature_collection(
            representation.feature(shelter, language, request.build_absolute_uri)
            for shelter in selectors.filtered(form.filters())
        )
        response = JsonResponse(
            collection,
            content_type="application/geo+json",
            json_dumps_params={"ensure_ascii": False},
        )
    # Open data for any site or tool to read; no cookies are involved.
    response["Access-Control-Allow-Origin"] = "*"
    return response
