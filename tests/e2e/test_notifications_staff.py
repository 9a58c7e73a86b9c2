"""The ICT division's notification settings and the per-language × channel preview in a browser:
axe finds nothing on any of the pages, a refused polygon keeps what was typed, the webhook
secret appears once, and the preview's HTML parts render inside sandboxed frames."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from kuyakusho.notifications import services
from tests.notifications import conftest as notification_fixtures

from .axe import assert_no_axe_violations
from .flows import sign_in

pytestmark = pytest.mark.e2e

topics = notification_fixtures.topics
areas = notification_fixtures.areas

SQUARE = [[139.60, 35.73], [139.62, 35.73], [139.62, 35.75], [139.60, 35.75], [139.60, 35.73]]


def test_the_preview_shows_every_language_and_channel_accessibly(page, road_staff, topics):
    message = services.save_draft(
        road_staff.user,
        topic=topics["safety"],
        channels=["email", "inbox", "feed", "webhook"],
        texts={
            "ja": ("公園の遊具点検", "来週、遊具の点検を行います。"),
            "en": ("Playground inspection", "Playground equipment will be inspected next week."),
        },
    )
    sign_in(page, road_staff)
    page.goto(f"/staff/notifications/{message.pk}/")
    expect(page.locator("#preview-en")).to_have_text("English")
    # Open every channel with the keyboard (<details>, no script of ours involved).
    summaries = page.locator(".preview-channel:not([open]) > summary")
    while summaries.count():
        summaries.first.focus()
        page.keyboard.press("Enter")
    expect(page.locator(".preview-channel[open]")).to_have_count(2 * 4)
    english_mail = page.frame_locator("#preview-en-email iframe.preview-frame")
    expect(english_mail.locator("body")).to_contain_text("Playground equipment will be inspected")
    inbox = page.frame_locator("#preview-ja-inbox iframe.preview-frame")
    expect(inbox.locator("h1")).to_have_text("公園の遊具点検")
    assert_no_axe_violations(page)


def test_area_and_webhook_screens(page, ict_admin, topics):
    sign_in(page, ict_admin)
    page.goto("/staff/notifications/")
    page.get_by_role("link", name="地域の管理").click()
    expect(page.locator("h1")).to_have_text("地域の管理")
    assert_no_axe_violations(page)

    page.goto("/staff/notifications/areas/new/")
    page.locator("#id_code").fill("sakuradai-1")
    page.locator("#id_name_ja").fill("桜台一丁目")
    open_ring = json.dumps({"type": "Polygon", "coordinates": [SQUARE[:-1] + [[139.61, 35.74]]]})
    page.locator("#id_polygon").fill(open_ring)
    page.locator("main form.stack button[type=submit]").click()
    expect(page.locator("#id_polygon-error")).to_contain_text("閉じていません")
    expect(page.locator("#id_polygon")).to_have_value(open_ring)
    expect(page.locator("#id_name_ja")).to_have_value("桜台一丁目")
    assert_no_axe_violations(page)

    page.locator("#id_polygon").fill(json.dumps({"type": "Polygon", "coordinates": [SQUARE]}))
    page.locator("main form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/notifications/areas/\d+/$"))
    expect(page.locator(".map-list")).to_contain_text("35.74000, 139.61000")
    assert_no_axe_violations(page)

    page.goto("/staff/notifications/webhooks/new/")
    if "/reauthenticate/" in page.url:  # sudo mode: confirm the password first
        page.locator("#id_password").fill(ict_admin.password)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
    expect(page.locator("h1")).to_have_text("Webhook 送信先の登録")
    page.locator("#id_name").fill("駅前サイネージ")
    page.locator("#id_url").fill("https://signage.example.jp/hook")
    page.locator(f'input[name="topics"][value="{topics["safety"].pk}"]').check()
    page.locator("main form.stack button[type=submit]").click()
    secret = page.locator("#new-secret")
    expect(secret).to_have_text(re.compile(r"^\S{32,}$"))
    assert_no_axe_violations(page)
    page.reload()
    expect(page.locator("#new-secret")).to_have_count(0)
