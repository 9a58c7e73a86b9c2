"""Everything on the foundation's main paths can be done with a keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kuyakusho.accounts.models import ResidentProfile
from kuyakusho.core.models import OutboxMessage

from .axe import assert_no_axe_violations
from .keyboard import assert_focus_visible, focused_matches, press_enter, tab_to, type_into

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Sakura-komichi-2025"


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page, ward):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert focused_matches(page, "a.skip-link"), "the first Tab stop must be the skip link"
    expect(skip_link).to_have_attribute("href", "#main")
    # It sits off-screen until focused; focused, it must be on screen and show focus.
    expect(skip_link).to_be_in_viewport()
    assert_focus_visible(page)
    press_enter(page, wait_for_url=re.compile(r"#main$"))
    # Enter on the skip link moves focus to <main>...
    expect(page.locator("main#main")).to_be_focused()
    # ...so the next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)


def test_keyboard_only_sign_up_reaches_verify_email_and_sends_mail(page, ward, outbox_backend):
    email = "keyboard.newcomer@example.jp"
    page.goto("/")
    tab_to(page, '.main-nav a[href="/accounts/signup/"]')
    assert_focus_visible(page)
    press_enter(page, wait_for_url="**/accounts/signup/")

    type_into(page, "#id_email", email)
    assert_focus_visible(page)
    type_into(page, "#id_password1", NEW_PASSWORD)
    type_into(page, "#id_password2", NEW_PASSWORD)
    press_enter(page, wait_for_url=re.compile(r"/accounts/confirm-email/$"))

    expect(page.locator("main h1")).to_be_visible()
    mails = [m for m in OutboxMessage.objects.all() if email in m.to]
    assert len(mails) == 1, f"expected one confirmation mail to {email}, outbox has {len(mails)}"
    assert re.search(r"/accounts/confirm-email/[\w:-]+/", mails[0].body_text), mails[0].body_text
    assert_no_axe_violations(page)


def test_keyboard_only_sign_in_then_profile_error_keeps_what_was_typed(page, ward, resident):
    page.goto("/")
    tab_to(page, '.main-nav a[href="/accounts/login/"]')
    press_enter(page, wait_for_url="**/accounts/login/")
    type_into(page, "#id_login", resident.email)
    type_into(page, "#id_password", resident.password)
    press_enter(page, wait_for_url="**/mypage/")

    tab_to(page, 'main a[href="/mypage/profile/"]')
    assert_focus_visible(page)
    press_enter(page, wait_for_url="**/mypage/profile/")

    type_into(page, "#id_given_name", "花代", replace=True)
    type_into(page, "#id_postal_code", "12-34", replace=True)
    type_into(page, "#id_address", "東京都練馬区豊玉北6-12-1", replace=True)
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        press_enter(page)
    assert submitted.value.status == 400

    # The error is shown, announced (role=alert) and tied to the field...
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_have_attribute("role", "alert")
    expect(page.locator("#error-summary a[href='#id_postal_code']")).to_be_visible()
    postal = page.locator("#id_postal_code")
    expect(postal).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_postal_code-error")
    expect(error).to_be_visible()
    # A screen reader user tabbing back to the field hears the error with it.
    error_text = error.inner_text().strip()
    expect(postal).to_have_accessible_description(re.compile(re.escape(error_text)))
    # ...and nothing the resident typed is lost.
    expect(postal).to_have_value("12-34")
    expect(page.locator("#id_family_name")).to_have_value("練馬")
    expect(page.locator("#id_given_name")).to_have_value("花代")
    expect(page.locator("#id_address")).to_have_value("東京都練馬区豊玉北6-12-1")
    expect(page.locator("#id_phone")).to_have_value("03-1234-5678")
    # Nothing was saved from the invalid submission.
    saved = ResidentProfile.objects.get(user=resident.user)
    assert (saved.given_name, saved.postal_code) == ("花子", "176-0001")

    assert_no_axe_violations(page)
