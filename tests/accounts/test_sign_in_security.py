"""Sign-in protections residents and staff rely on: lockout, session rotation, idle timeout."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from kuyakusho.accounts.middleware import LAST_ACTIVITY_KEY
from kuyakusho.core.models import AuditRecord

from ..conftest import sign_in

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(resident):
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/", {"login": resident.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    # Now even the right password is refused for a while, and the page says why.
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": resident.password}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert "ログイン失敗が連続しています" in body  # allauth's Japanese lockout message
    assert "Traceback" not in body
    # Failures are counted in the audit log without naming whom they targeted.
    failures = AuditRecord.objects.filter(verb="accounts.login_failed")
    assert failures.count() >= 5
    assert all(resident.email not in str(r.data) for r in failures)


def test_the_session_key_changes_at_sign_in(resident):
    client = Client()
    client.get("/accounts/login/")
    before = (
        client.cookies["kuyakusho_session"].value if "kuyakusho_session" in client.cookies else None
    )
    client.get("/preferences/")  # make sure an anonymous session exists
    client.session.save()
    anonymous_key = client.session.session_key
    sign_in(client, resident)
    assert client.session.session_key != anonymous_key
    assert client.session.session_key != before


def test_idle_staff_sessions_end(road_client, settings):
    assert road_client.get("/staff/").status_code == 200
    session = road_client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - settings.STAFF_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = road_client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in road_client.session


def test_active_staff_sessions_continue(road_client, settings):
    session = road_client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - settings.STAFF_IDLE_TIMEOUT_SECONDS + 60
    session.save()
    assert road_client.get("/staff/").status_code == 200


def test_residents_have_no_idle_timeout(resident_client, settings):
    session = resident_client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - settings.STAFF_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    assert resident_client.get("/mypage/").status_code == 200


def test_session_cookie_is_httponly_and_samesite(resident):
    client = Client()
    sign_in(client, resident)
    cookie = client.cookies["kuyakusho_session"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
