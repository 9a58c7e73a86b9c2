"""Damage reports in the browser. A resident with JavaScript off files a report (no account)
and is told it is not public yet; a crisis-management staff member, keyboard only, finds it on
the HQ screen and verifies it; it then appears on the public page. axe (in a JavaScript-enabled
context: axe runs in the page) finds no WCAG 2.x A/AA violation on the public pages, the form's
error and confirmation states, or the HQ screens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kuyakusho.damage.models import DamageReport

from .axe import assert_no_axe_violations
from .flows import sign_in
from .keyboard import assert_focus_visible, press_enter, tab_to

pytestmark = pytest.mark.e2e
DESCRIPTION = "駅前の古いアパートが傾いている"


def fill_report(page, *, description: str = DESCRIPTION) -> None:  # type: ignore[no-untyped-def]
    page.locator('input[name="kind"][value="building_collapse"]').check()
    page.locator('input[name="severity"][value="serious"]').check()
    page.locator("#id_lat").fill("35.7401")
    page.locator("#id_lon").fill("139.6601")
    page.locator("#id_address").fill("サンプル町1丁目")
    page.locator("#id_description").fill(description)
    page.locator("#id_needs_rescue").fill("1")
    page.locator("#id_name").fill("練馬 花子")
    page.locator("#id_phone").fill("090-1234-5678")


def test_a_residents_report_is_verified_by_keyboard_and_then_public(
    new_context, ward, departments, crisis_staff
):
    # A resident without JavaScript and without an account.
    resident = new_context(java_script_enabled=False).new_page()
    resident.goto("/damage/")
    with resident.expect_navigation():
        resident.get_by_role("link", name="被害を報告する").click()
    resident.locator("#id_lat").fill("35.7401")
    with resident.expect_navigation():  # a mistake first: nothing typed is lost
        resident.get_by_role("button", name="報告を送る").click()
    expect(resident.locator("#error-summary")).to_contain_text("被害の種類を選んでください。")
    expect(resident.locator("#id_lat")).to_have_value("35.7401")
    fill_report(resident)
    with resident.expect_navigation():
        resident.get_by_role("button", name="報告を送る").click()
    expect(resident).to_have_url(re.compile(r"/damage/report/sent/$"))
    expect(resident.locator("main")).to_contain_text("まだ公開されていません")
    report = DamageReport.objects.get()
    expect(resident.locator(".reference")).to_have_text(report.reference)
    assert "花子" not in resident.url and "090" not in resident.url
    resident.goto("/damage/")
    expect(resident.locator("main")).not_to_contain_text(DESCRIPTION)

    # The HQ, keyboard only: the report in the table, its page, the 確認済み button.
    staff = new_context().new_page()
    sign_in(staff, crisis_staff)
    staff.goto("/staff/damage/")
    expect(staff.locator(".damage-table")).to_contain_text(report.reference)
    assert_no_axe_violations(staff)
    tab_to(staff, f'a[href="/staff/damage/{report.pk}/"]', max_presses=120)
    assert_focus_visible(staff)
    press_enter(staff, wait_for_url=re.compile(rf"/staff/damage/{report.pk}/$"))
    expect(staff.locator("main h1")).to_contain_text(report.reference)
    expect(staff.locator("main")).not_to_contain_text("090-1234-5678")  # not without asking
    assert_no_axe_violations(staff)
    tab_to(staff, 'button[name="status"][value="verified"]', max_presses=80)
    assert_focus_visible(staff)
    press_enter(staff, wait_for_url=re.compile(rf"/staff/damage/{report.pk}/$"))
    expect(staff.get_by_text("「確認済み」にしました")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "verified"

    # Now public, without the resident's details.
    resident.goto("/damage/")
    expect(resident.locator(".damage-table")).to_contain_text(DESCRIPTION)
    expect(resident.locator("main")).not_to_contain_text("花子")


def test_public_pages_and_form_states_pass_axe(new_context, ward):
    page = new_context().new_page()
    page.goto("/damage/report/")
    expect(page.locator("#damage-pick-map")).to_be_visible()  # the map enhances the fields
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="報告を送る").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    fill_report(page)
    page.locator("#id_lat").fill("35.79")  # just north of the ward: asked, not refused
    page.locator("#id_lon").fill("139.60")
    with page.expect_navigation():
        page.get_by_role("button", name="報告を送る").click()
    expect(page.locator("#question")).to_contain_text("区域の外")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="はい、この内容で送る").click()
    expect(page).to_have_url(re.compile(r"/damage/report/sent/$"))
    assert_no_axe_violations(page)
    report = DamageReport.objects.get()
    assert report.outside_ward and report.status == "unverified"
    DamageReport.objects.filter(pk=report.pk).update(status="verified", is_exercise=True)
    page.goto("/damage/")
    expect(page.locator("#damage-map .leaflet-interactive")).to_have_count(1)
    expect(page.locator(".exercise-banner")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/damage/?lang=en")
    assert_no_axe_violations(page)
