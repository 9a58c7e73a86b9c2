"""Staff reach the back office only with a second factor."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_staff

from .axe import assert_no_axe_violations
from .flows import enter_totp, sign_in_with_password

pytestmark = pytest.mark.e2e

ENROL_TOTP = re.compile(r"/accounts/2fa/totp/activate/$")
# allauth asks for the password again before showing the enrolment form (its reauthentication
# step); the `next` parameter then points at the enrolment page.
ENROL_TOTP_OR_CONFIRM_PASSWORD = re.compile(
    r"/accounts/(2fa/totp/activate/|reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F)$"
)


def test_staff_with_totp_signs_in_and_reaches_back_office(page, road_staff):
    sign_in_with_password(page, road_staff)
    # The password alone is not enough: allauth asks for the authenticator code.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_no_axe_violations(page)
    enter_totp(page, road_staff)
    expect(page).to_have_url(re.compile(r"/staff/$"))

    response = page.goto("/staff/")
    assert response.status == 200
    assert response.request.redirected_from is None
    expect(page.locator("body")).to_have_class(re.compile(r"\bstaff\b"))
    department = road_staff.user.memberships.get().department
    expect(page.locator("main table")).to_contain_text(department.name_ja)
    assert_no_axe_violations(page)


def test_staff_without_second_factor_is_sent_to_enrol_and_kept_out(page, ward, departments):
    newcomer = make_staff("new.staff@example.jp", departments["road"], "editor", with_totp=False)
    sign_in_with_password(page, newcomer)
    expect(page).to_have_url(ENROL_TOTP_OR_CONFIRM_PASSWORD)
    if "/reauthenticate/" in page.url:
        page.locator("#id_password").fill(newcomer.password)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
    expect(page).to_have_url(ENROL_TOTP)
    expect(page.locator("main #id_code")).to_be_visible()  # the TOTP enrolment form
    assert_no_axe_violations(page)

    # Until a second factor is enrolled, the back office stays closed.
    response = page.goto("/staff/")
    assert response.request.redirected_from is not None, (
        "/staff/ must redirect without a second factor"
    )
    expect(page).to_have_url(ENROL_TOTP)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bstaff\b"))
    expect(page.locator("main #id_code")).to_be_visible()
