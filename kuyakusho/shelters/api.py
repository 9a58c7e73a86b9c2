"""Shelters API: the public list (the list page's filters) and one shelter, with the live
status; and the staff status update, the same capability as the phone form.

Staff writes authenticate like the back office: the browser session of a staff member who
signed in with the second factor, plus Django's CSRF token (X-CSRFToken header). There is no
token for scripts: the project has no staff API credentials, and a status change is a
person's report. Refusals: 401 without such a session, 403 without the permission or the CSRF
token, 409 when the head count needs confirming (send confirm_unusual), 422 for a refused value.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import SessionAuth

from kuyakusho.accounts.middleware import session_used_second_factor
from kuyakusho.accounts.services import is_ward_staff
from kuyakusho.core.forms import refuse_invalid_filters

from . import representation, selectors, services
from .forms import FilterForm
from .headcount import HeadCountQuestioned
from .models import Shelter

router = Router(tags=["shelters"])
MAX_ID = 2**63 - 1  # BigAutoField


class StaffSession(SessionAuth):
    """A signed-in staff member whose session used the second factor (as /staff/ requires)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not is_ward_staff(user) or not session_used_second_factor(request):
            return None
        return user


class ErrorOut(Schema):
    detail: str


class QuestionOut(Schema):
    detail: str
    code: str = Field(..., description='"head_count_questioned"')
    head_count: int
    capacity: int


class ShelterOut(Schema):
    id: int
    name: str = Field(..., description="in the request's language (Accept-Language)")
    name_ja: str
    name_en: str
    name_kana: str
    kinds: list[str] = Field(
        ..., description="designated_shelter, evacuation_site, welfare_shelter, temporary_stay"
    )
    kind_names: list[str]
    disaster_types: list[str] = Field(
        ...,
        description="for an evacuation site: flood, landslide, storm_surge, earthquake, "
        "tsunami, large_fire, inland_flood, volcano",
    )
    status: str = Field(..., description="open, full or closed")
    status_name: str
    head_count: int
    capacity: int
    address: str
    lat: float
    lon: float
    phone: str
    accessibility: list[str] = Field(..., description="barrier-free codes, as /facilities/")
    accessibility_note: str
    description: str
    page: str = Field(..., description="the shelter's page on this site")
    status_updated_at: datetime | None
    updated_at: datetime | None
    sample: bool


class ShelterListOut(Schema):
    count: int
    items: list[ShelterOut]


class FilterIn(Schema):
    kind: str = Field("", max_length=30, description="a designation code")
    hazard: str = Field("", max_length=30, description="a disaster type code")
    open: bool = Field(False, description="only open and full shelters")
    access: list[str] = Field(
        default_factory=list, max_length=20, description="barrier-free codes, all must hold"
    )


class StatusIn(Schema):
    status: str = Field(..., max_length=10, description="open, full or closed")
    head_count: int | None = Field(
        None,
        ge=-(2**31),
        le=2**31 - 1,
        description="people there now; null keeps the current number; closing sets 0",
    )
    note: str = Field("", max_length=500, description="for staff only; no personal names")
    confirm_unusual: bool = Field(
        False, description="confirm a head count above capacity × 2 (after a 409)"
    )


class StatusOut(Schema):
    id: int
    status: str
    head_count: int
    capacity: int
    status_updated_at: datetime | None
    confirmed_unusual: bool


def _language() -> str:
    return get_language() or "ja"


def _query(filters: FilterIn) -> QueryDict:
    query = QueryDict(mutable=True)
    query["kind"], query["hazard"] = filters.kind, filters.hazard
    query["open"] = "1" if filters.open else ""
    query.setlist("access", filters.access)
    return query


@router.get(
    "/shelters",
    response={200: ShelterListOut, 422: ErrorOut},
    summary="Active shelters with their live status, filtered as on /shelters/",
    description="Open and full shelters first, then by reading (よみがな). 422 names the filter "
    "that is wrong.",
)
def list_shelters(
    request: HttpRequest,
    filters: Query[FilterIn],
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict:
    form = FilterForm(_query(filters))
    refuse_invalid_filters(form)
    shelters = selectors.filtered(form.filters())
    language = _language()
    return {
        "count": shelters.count(),
        "items": [
            representation.api_object(s, language, request.build_absolute_uri)
            for s in shelters[offset : offset + limit]
        ],
    }


@router.get(
    "/shelters/{shelter_id}",
    response={200: ShelterOut, 404: ErrorOut},
    summary="One active shelter with its live status",
)
def get_shelter(request: HttpRequest, shelter_id: int = Path(..., ge=1, le=MAX_ID)) -> dict:
    try:
        shelter = selectors.public_shelter(shelter_id)
    except Shelter.DoesNotExist:
        raise HttpError(404, "no active shelter has this id") from None
    return representation.api_object(shelter, _language(), request.build_absolute_uri)


@router.post(
    "/shelters/{shelter_id}/status",
    response={
        200: StatusOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: QuestionOut,
        422: ErrorOut,
    },
    auth=StaffSession(),
    summary="Staff: open, mark full or close a shelter and report its head count",
    description="For the staff of the department that runs the shelter and of crisis "
    "management, signed in with the second factor (session cookie and X-CSRFToken). A head "
    "count above capacity × 2 answers 409 until sent again with confirm_unusual; a negative "
    "one or one above capacity × 10 answers 422.",
)
def update_status(
    request: HttpRequest, data: StatusIn, shelter_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    shelter = Shelter.objects.select_related("department").filter(pk=shelter_id).first()
    if shelter is None:
        raise HttpError(404, "no shelter has this id")
    try:
        change = services.update_status(
            request.auth,
            shelter,
            status=data.status,
            head_count=data.head_count,
            note=data.note,
            confirm_unusual=data.confirm_unusual,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "not allowed") from None
    except HeadCountQuestioned as asked:
        return Status(
            409,
            {
                "detail": str(asked),
                "code": "head_count_questioned",
                "head_count": asked.head_count,
                "capacity": asked.capacity,
            },
        )
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return {
        "id": shelter.pk,
        "status": change.status,
        "head_count": change.head_count,
        "capacity": shelter.capacity,
        "status_updated_at": change.changed_at,
        "confirmed_unusual": change.confirmed_unusual,
    }
