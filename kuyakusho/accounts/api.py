"""Resident API: the signed-in resident's children (birth dates used, with consent, to send
information suited to a child's age), the same capability as マイページ's お子さんの情報."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from . import services
from .models import Child

router = Router(tags=["mypage"])
# Session authentication: changes need the CSRF token as well (403 without it).


class ErrorOut(Schema):
    detail: str


class ChildIn(Schema):
    birth_date: date
    label: str = Field("", max_length=20)


class ChildOut(Schema):
    id: int
    birth_date: date
    label: str
    age: int


def _out(child: Child, today: date) -> dict:
    return {
        "id": child.pk,
        "birth_date": child.birth_date,
        "label": child.label,
        "age": services.age_on(child.birth_date, today),
    }


@router.get(
    "/mypage/children",
    response={200: list[ChildOut], 401: ErrorOut},
    auth=django_auth,
    summary="The signed-in resident's children",
)
def list_children(request: HttpRequest) -> list[dict]:
    today = timezone.localdate()
    return [_out(child, today) for child in services.children_of(request.user)]


@router.post(
    "/mypage/children",
    response={201: ChildOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Add a child (birth date not in the future, at most 18 years ago)",
)
def add_child(request: HttpRequest, data: ChildIn) -> Status:
    try:
        child = services.add_child(
            request.user, birth_date=data.birth_date, label=data.label, actor=request.user
        )
    except ValidationError as error:
        raise HttpError(422, " ".join(str(m) for m in error.messages)) from None
    return Status(201, _out(child, timezone.localdate()))


@router.delete(
    "/mypage/children/{child_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Remove one of the signed-in resident's children",
)
def remove_child(request: HttpRequest, child_id: int) -> Status:
    child = get_object_or_404(services.children_of(request.user), pk=child_id)
    services.remove_child(child, actor=request.user)
    return Status(204, None)
