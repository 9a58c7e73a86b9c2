"""Staff safety confirmation in a browser: the reply form behind a safety mail's link, at a
phone's viewport, keyboard only, in Japanese and English, with axe on the empty form, the
errors and the answer; and the crisis-management dashboard with axe."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from kuyakusho.core.models import OutboxMessage
from kuyakusho.staff_safety import services
from kuyakusho.staff_safety.models import Recipient
from kuyakusho.staff_safety.sending import deliver

from .axe import assert_no_axe_violations
from .flows import sign_in
from .keyboard import assert_focus_visible, tab_to, type_into

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"http://127\.0\.0\.1:8000(/safety/reply/[^/\s]+/)")


@pytest.fixture
def round_(crisis_staff, road_staff):
    round_ = services.start_confirmation(None, title="震度5強の地震（訓練）", drill=True)
    deliver(round_.pk)  # what the worker does once the start is committed
    return round_


def link_to(email: str) -> str:
    mail = OutboxMessage.objects.filter(to=[email], subject__contains="【安否確認】").latest("pk")
    return LINK.findall(mail.body_text)[0]


def tr(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_reply_by_keyboard_on_a_phone(new_context, round_, language):
    locale = "ja-JP" if language == "ja" else "en-US"
    page = new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True).new_page()
    page.goto(link_to("road.staff@example.jp"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".drill-banner")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(tr(language, "【訓練】"))
    assert_no_axe_violations(page)

    # Send it empty: the errors are announced and linked, nothing is saved.
    tab_to(page, "form.safety-form button[type=submit]", max_presses=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_contain_text(
        tr(language, "あなたと家族の安否を選んでください。")
    )
    assert_no_axe_violations(page)

    # Answer: injured, can come within 3 hours, at home.
    page.locator("main").focus()
    tab_to(page, "input[name=status]", max_presses=60)
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")  # the second choice: 負傷 / injured
    expect(page.locator("input[name=status][value=injured]")).to_be_checked()
    tab_to(page, "input[name=attendance]")
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=attendance][value=within_hours]")).to_be_checked()
    type_into(page, "#id_attendance_hours", "3")
    type_into(page, "#id_location", "自宅" if language == "ja" else "Home")
    tab_to(page, "form.safety-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".message-success")).to_contain_text(
        tr(language, "回答を受け付けました。受付が終わるまで、回答を変えられます。")
    )
    expect(page.locator("#current-heading")).to_be_visible()
    assert_no_axe_violations(page)
    recipient = Recipient.objects.get(round=round_, user__email="road.staff@example.jp")
    assert (recipient.status, recipient.attendance, recipient.attendance_hours) == (
        "injured",
        "within_hours",
        3,
    )
    # Nothing overflows sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_forged_link_shows_a_plain_page(new_context, round_):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/safety/reply/not-a-real-link/")
    expect(page.locator("h1")).to_have_text("このリンクは使えません")
    assert_no_axe_violations(page)


def test_the_dashboard_passes_axe(page, round_, crisis_staff):
    services.save_reply(
        Recipient.objects.get(round=round_, user=crisis_staff.user),
        status="safe",
        attendance="now",
        location="本庁舎",
    )
    sign_in(page, crisis_staff)
    page.goto("/staff/safety/")
    expect(page.locator("h1")).to_have_text("職員安否確認")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=round_.title).click()
    expect(page.locator(".drill-banner")).to_be_visible()
    expect(page.locator("main")).to_contain_text("回答 1人 / 2人（回答率 50.0%）")
    # The optional script shows its toggle; the plain link works without it.
    toggle = page.locator("[data-auto-refresh]")
    expect(toggle).to_be_visible()
    tab_to(page, "[data-auto-refresh]", max_presses=80)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="最新の情報に更新").click()
    page.goto("/staff/safety/rounds/new/")
    assert_no_axe_violations(page)
