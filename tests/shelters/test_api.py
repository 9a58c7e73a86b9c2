"""API: the public list and one shelter with their live status; staff status updates for the
running department and crisis management, signed in with the second factor and sending the
CSRF token, with the same questioned/refused rules as the phone form."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kuyakusho.shelters import services
from kuyakusho.shelters.models import StatusChange

from ..conftest import sign_in
from .conftest import make_shelter

pytestmark = pytest.mark.django_db


def post_status(client: Client, shelter, body: dict, **headers):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/shelters/{shelter.pk}/status",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def csrf_client(signed_in: Client) -> tuple[Client, str]:
    """A client that enforces CSRF as a browser meets it, with the signed-in session."""
    client = Client(enforce_csrf_checks=True)
    client.cookies = signed_in.cookies
    client.get("/staff/shelters/")  # sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_public_list_and_detail(school, departments, site_staff):
    make_shelter("駅前ホール", department=departments["disaster"], is_temporary_stay=True)
    make_shelter("廃止", department=departments["residents"], is_active=False)
    services.update_status(site_staff.user, school, status="open", head_count=12)
    data = Client().get("/api/v1/shelters").json()
    assert data["count"] == 2
    first = data["items"][0]
    assert first["name"] == "第一小学校" and first["status"] == "open"
    assert (first["head_count"], first["capacity"], first["lat"]) == (12, 500, 35.7356)
    assert "staff_contact" not in first and "090-1111-2222" not in json.dumps(data)
    assert Client().get("/api/v1/shelters?kind=temporary_stay").json()["count"] == 1
    assert Client().get("/api/v1/shelters?open=true").json()["count"] == 1
    assert Client().get("/api/v1/shelters?access=elevator").json()["count"] == 1
    bad = Client().get("/api/v1/shelters?kind=castle")
    assert bad.status_code == 422 and "kind" in bad.json()["detail"]
    one = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/shelters/{school.pk}").json()
    assert one["name"] == "Elementary School 1" and one["status_name"] == "Open"
    assert Client().get("/api/v1/shelters/999999").status_code == 404


def test_staff_update_status_through_the_api(site_staff, site_client, school):
    client, token = csrf_client(site_client)
    response = post_status(
        client, school, {"status": "open", "head_count": 80}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "open" and response.json()["head_count"] == 80
    school.refresh_from_db()
    assert (school.status, school.head_count) == ("open", 80)
    assert StatusChange.objects.get().changed_by == site_staff.user


def test_questioned_then_confirmed_and_refused_numbers(site_client, school):
    client, token = csrf_client(site_client)
    asked = post_status(
        client, school, {"status": "open", "head_count": 1500}, HTTP_X_CSRFTOKEN=token
    )
    assert asked.status_code == 409
    assert asked.json()["code"] == "head_count_questioned"
    assert (asked.json()["head_count"], asked.json()["capacity"]) == (1500, 500)
    assert not StatusChange.objects.exists()
    confirmed = post_status(
        client,
        school,
        {"status": "open", "head_count": 1500, "confirm_unusual": True},
        HTTP_X_CSRFTOKEN=token,
    )
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_unusual"] is True
    for body in ({"status": "open", "head_count": -3}, {"status": "open", "head_count": 5001},
                 {"status": "boarded-up"}):  # fmt: skip
        refused = post_status(client, school, body, HTTP_X_CSRFTOKEN=token)
        assert refused.status_code == 422, body
    assert StatusChange.objects.count() == 1


def test_who_may_update_through_the_api(road_client, site_client, crisis_client, school):
    assert post_status(Client(), school, {"status": "open"}).status_code == 401
    client, token = csrf_client(road_client)
    other = post_status(client, school, {"status": "open"}, HTTP_X_CSRFTOKEN=token)
    assert other.status_code == 403
    client, token = csrf_client(site_client)
    assert post_status(client, school, {"status": "open"}).status_code == 403  # no CSRF token
    client, token = csrf_client(crisis_client)
    crisis = post_status(client, school, {"status": "full"}, HTTP_X_CSRFTOKEN=token)
    assert crisis.status_code == 200
    missing = post_status(client, school, {"status": "full"}, HTTP_X_CSRFTOKEN=token)
    assert missing.status_code == 200  # the same update again is a fresh confirmation
    assert StatusChange.objects.count() == 2
    gone = client.post(
        "/api/v1/shelters/999999/status",
        json.dumps({"status": "open"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert gone.status_code == 404


def test_a_session_without_the_second_factor_is_not_enough(site_staff, resident_client, school):
    password_only = sign_in(Client(), site_staff, second_factor=False)
    assert post_status(password_only, school, {"status": "open"}).status_code == 401
    assert post_status(resident_client, school, {"status": "open"}).status_code == 401
    assert not StatusChange.objects.exists()
