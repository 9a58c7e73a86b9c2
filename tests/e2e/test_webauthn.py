"""Security keys (WebAuthn) as the second factor, with Chromium's virtual authenticator:
a staff member adds a key, then signs in with password + key and reaches the back office."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kuyakusho.core.models import AuditRecord

from .flows import sign_in, sign_in_with_password

pytestmark = pytest.mark.e2e


def _virtual_authenticator(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_staff_add_a_security_key_and_sign_in_with_it(page, road_staff):
    _virtual_authenticator(page)
    sign_in(page, road_staff)
    page.goto("/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:  # sudo mode: confirm the password first
        page.locator("#id_password").fill(road_staff.password)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    page.locator("#id_name").fill("庁舎の鍵")
    with page.expect_navigation():
        page.locator("#mfa_webauthn_add").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/"))
    assert AuditRecord.objects.filter(verb="accounts.mfa.added", data__type="webauthn").exists()

    # Sign out, then sign in again with the password and the key instead of a TOTP code.
    page.context.clear_cookies()
    sign_in_with_password(page, road_staff)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    with page.expect_navigation():
        page.locator("#mfa_webauthn_authenticate").click()
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.locator("h1")).to_have_text("職員用トップ")
