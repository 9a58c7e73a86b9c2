"""Staff need a second factor for the back office; sensitive screens ask again (sudo mode)."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.core.models import AuditRecord

from ..conftest import make_staff, reauthenticate, sign_in, totp_code

pytestmark = pytest.mark.django_db


def test_staff_with_password_and_totp_reach_the_back_office(road_client):
    response = road_client.get("/staff/")
    assert response.status_code == 200
    assert "道路課" in response.content.decode()


def test_password_alone_does_not_sign_staff_in(road_staff):
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": road_staff.email, "password": road_staff.password}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    # Half-way through: the back office still sends them to sign in.
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_wrong_totp_code_is_refused(road_staff):
    client = Client()
    client.post("/accounts/login/", {"login": road_staff.email, "password": road_staff.password})
    good = totp_code(road_staff.totp_secret)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/staff/").status_code == 302


def test_staff_without_a_second_factor_must_enrol_first(ward, departments):
    persona = make_staff("new.staff@example.jp", departments["road"], "editor", with_totp=False)
    client = sign_in(Client(), persona)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_enrolling_totp_opens_the_back_office(ward, departments):
    persona = make_staff("enrol.staff@example.jp", departments["road"], "editor", with_totp=False)
    client = reauthenticate(sign_in(Client(), persona), persona)
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditRecord.objects.filter(verb="accounts.mfa.added", actor_id=persona.user.pk).exists()


def test_forced_login_without_second_factor_is_sent_back_to_sign_in(road_staff):
    client = Client()
    client.force_login(road_staff.user)  # a session that never passed the second factor
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_residents_cannot_open_the_back_office(resident_client):
    response = resident_client.get("/staff/")
    assert response.status_code == 403
    assert "職員用の画面です" in response.content.decode()


def test_django_admin_is_for_superusers_only(ict_client):
    response = ict_client.get("/admin/")
    assert response.status_code == 403


def test_audit_log_screen_asks_for_the_password_again(ict_admin, ict_client):
    response = ict_client.get("/staff/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    reauthenticate(ict_client, ict_admin)
    response = ict_client.get("/staff/audit/?verb=accounts.")
    assert response.status_code == 200
    assert "accounts.login" in response.content.decode()
    # The search itself is audited.
    assert AuditRecord.objects.filter(
        verb="core.audit.searched", actor_id=ict_admin.user.pk
    ).exists()


def test_audit_log_screen_is_refused_to_other_staff_before_any_password_prompt(
    road_staff, road_client
):
    assert road_client.get("/staff/audit/").status_code == 403
    reauthenticate(road_client, road_staff)
    assert road_client.get("/staff/audit/").status_code == 403


def test_a_recovery_code_signs_staff_in_once(road_staff):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = Authenticator.objects.get(user=road_staff.user, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(codes).get_unused_codes()[0]
    first = Client()
    first.post("/accounts/login/", {"login": road_staff.email, "password": road_staff.password})
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert first.get("/staff/").status_code == 200
    second = Client()
    second.post("/accounts/login/", {"login": road_staff.email, "password": road_staff.password})
    assert second.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200  # refused
    assert second.get("/staff/").status_code == 302
