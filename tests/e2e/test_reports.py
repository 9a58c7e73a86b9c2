"""Citizen reports in the browser (issue #4, "Done when"): at a phone-sized viewport a signed-in
resident reports a broken street light with a photo and a map pin; a 道路課 staff member
answers and closes it; the resident is told (マイページ inbox, through the notifications engine)
and sees it completed on the map and list. In Japanese and in English; axe (in a
JavaScript-enabled context) finds no WCAG 2.x A/AA violation on the public pages."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from kuyakusho.notifications import fanout
from kuyakusho.notifications.models import Message
from kuyakusho.reports import demo
from kuyakusho.reports.models import Report

from .axe import assert_no_axe_violations
from .flows import sign_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}

WORDS = {
    "ja": {"locale": "ja-JP", "category": "街路灯", "state": "消えている", "send": "レポートを送る",
           "received": "受付", "fixed": "完了", "save": "状態と回答を保存して知らせる"},
    "en": {"locale": "en-GB", "category": "Street light", "state": "Out",
           "send": "Send the report", "received": "Received", "fixed": "Fixed",
           "save": "Save the state and answer and tell the followers"},
}  # fmt: skip


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (240, 200, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_street_light_reported_from_a_phone_is_answered_and_shown_completed(
    new_context, ward, departments, resident, road_staff, language
):
    words = WORDS[language]
    demo.load_categories()
    phone = new_context(viewport=PHONE, locale=words["locale"], has_touch=True).new_page()
    sign_in(phone, resident)
    phone.goto("/reports/")
    assert_no_axe_violations(phone)
    with phone.expect_navigation():
        phone.locator("main a.button.primary[href='/reports/new/']").click()
    assert_no_axe_violations(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name=words["category"]).click()
    expect(phone.locator("#report-pick-map")).to_be_visible()  # the map enhances the fields
    assert_no_axe_violations(phone)
    phone.get_by_label(words["state"], exact=True).check()
    phone.locator("#report-pick-map").scroll_into_view_if_needed()
    box = phone.locator("#report-pick-map").bounding_box()
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the pin
    expect(phone.locator("#id_lat")).not_to_have_value("")
    expect(phone.locator("#id_lon")).not_to_have_value("")
    phone.locator("#id_description").fill("夜になっても点かない街路灯があります。")
    phone.locator("#id_photos").set_input_files(
        {"name": "light.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
    )
    with phone.expect_navigation():
        phone.get_by_role("button", name=words["send"]).click()
    report = Report.objects.get()
    expect(phone).to_have_url(re.compile(rf"/reports/{report.pk}/\?sent=1$"))
    expect(phone.locator(".status-now")).to_contain_text(words["received"])
    expect(phone.locator(".report-photos img")).to_have_count(1)
    assert_no_axe_violations(phone)
    assert report.department.code == "road" and report.photos.count() == 1

    # 道路課 answers and closes it.
    staff = new_context(locale=words["locale"]).new_page()
    sign_in(staff, road_staff)
    staff.goto("/staff/reports/")
    with staff.expect_navigation():
        staff.get_by_role("link", name=report.reference).click()
    staff.locator("#id_state").select_option("fixed")
    staff.locator("#id_text").first.fill("電球を交換しました。ご連絡ありがとうございました。")
    with staff.expect_navigation():
        staff.get_by_role("button", name=words["save"]).click()
    report.refresh_from_db()
    assert report.state == "fixed"

    # The notification goes out through the engine (the worker's job, run here).
    fanout.deliver(Message.objects.get(is_direct=True).pk)
    phone.goto("/notifications/inbox/")
    expect(phone.locator("main")).to_contain_text(report.reference)
    phone.goto(f"/reports/{report.pk}/")
    expect(phone.locator(".status-now")).to_contain_text(words["fixed"])
    expect(phone.locator(".report-timeline")).to_contain_text("電球を交換しました。")
    phone.goto("/reports/?state=fixed")
    expect(phone.locator(".report-table tbody")).to_contain_text(report.reference)
    expect(phone.locator("#report-map .leaflet-interactive")).to_have_count(1)
    assert_no_axe_violations(phone)


def test_form_errors_keep_what_was_typed_and_pass_axe(new_context, ward, departments):
    demo.load_categories()
    page = new_context(viewport=PHONE).new_page()
    page.goto("/reports/new/?category=street-light")
    page.locator("#id_description").fill("<b>点かない</b>")
    page.locator("#id_lat").fill("35.6812")  # 東京駅: outside the ward
    page.locator("#id_lon").fill("139.7671")
    with page.expect_navigation():
        page.get_by_role("button", name="レポートを送る").click()
    expect(page.locator("#error-summary")).to_contain_text("区域の外")
    expect(page.locator("#error-summary")).to_contain_text("メールアドレス")
    expect(page.locator("#id_description")).to_have_value("<b>点かない</b>")
    assert_no_axe_violations(page)
