"""Notifications as a resident meets them in a browser: subscribing with the keyboard alone in
Japanese or English, confirming from the mail a real SMTP server received, receiving a message
for their area in their language, one-click unsubscribe from a received mail, the inbox on
マイページ, and the subscribe form without JavaScript. axe checks every page a resident sees."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from kuyakusho.notifications import fanout, services
from kuyakusho.notifications.models import Subscriber
from tests.notifications import conftest as notification_fixtures
from tests.notifications.conftest import make_subscriber

from .axe import assert_no_axe_violations
from .flows import HTML_LANG, choose_language, sign_in
from .keyboard import press_enter, tab_to, type_into

pytestmark = pytest.mark.e2e

# The notifications suite's fixtures (a topic of the road department, 北部 and 南部), shared.
topics = notification_fixtures.topics
areas = notification_fixtures.areas

SUBMIT = "main form.stack button[type=submit]"
NORTH_TEXTS = {
    "ja": ("北部で夜間の道路工事", "北部の区道で、夜10時から朝5時まで工事をします。"),
    "en": (
        "Night road works in the north",
        "Road works on ward roads in the north, 10 pm to 5 am.",
    ),
}


def in_language(language: str, source: str) -> str:
    """The interface text as the compiled catalogue renders it (English is still being written)."""
    with translation.override(language):
        return translation.gettext(source)


def topic_box(topic) -> str:  # type: ignore[no-untyped-def]
    return f'input[name="topics"][value="{topic.pk}"]'


def area_box(area) -> str:  # type: ignore[no-untyped-def]
    return f'input[name="areas"][value="{area.pk}"]'


def choose_option_with_keyboard(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """With a closed <select> focused, Home then ArrowDown until `value` is selected."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    first = page.locator(f"{selector} option").first.get_attribute("value")
    expect(page.locator(selector)).to_have_value(first)  # the keys really move the choice
    for _ in range(page.locator(f"{selector} option").count()):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    expect(page.locator(selector)).to_have_value(value)


def mail_path(mail, kind: str) -> str:  # type: ignore[no-untyped-def]
    """The path of a /notifications/<kind>/… link in a mail's text part (the host is SITE_URL)."""
    text = mail.get_body(("plain",)).get_content()
    found = re.search(rf"https?://[^\s/]+(/notifications/{kind}/[^\s]+/)", text)
    assert found, f"no {kind} link in the mail:\n{text}"
    return found.group(1)


def staff_send(staff, topic, texts, *, areas=(), channels=("email",)) -> int:  # type: ignore[no-untyped-def]
    """Compose and send as staff do, then run what the worker runs; returns how many were sent."""
    draft = services.save_draft(
        staff.user, topic=topic, channels=list(channels), texts=texts, areas=list(areas)
    )
    message = services.submit(staff.user, draft)
    return fanout.deliver(message.pk)


def expect_heading(page, language: str, source: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    expect(page.locator("main h1")).to_have_text(in_language(language, source))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_subscription_confirmed_from_the_mail_brings_area_news_in_my_language(
    page, ward, road_staff, topics, areas, smtp_server, language
):
    email = f"keyboard.{language}@example.jp"
    make_subscriber("south.resident@example.jp", topics=[topics["safety"]], areas=[areas["south"]])
    page.goto("/notifications/")
    choose_language(page, language)
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect_heading(page, language, "メール配信の登録")
    assert_no_axe_violations(page)

    type_into(page, "#id_email", email)
    tab_to(page, topic_box(topics["safety"]))
    page.keyboard.press("Space")
    tab_to(page, area_box(areas["north"]))
    page.keyboard.press("Space")
    choose_option_with_keyboard(page, "#id_language", language)
    expect(page.locator(topic_box(topics["safety"]))).to_be_checked()
    expect(page.locator(area_box(areas["north"]))).to_be_checked()
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        press_enter(page)
    expect_heading(page, language, "確認のメールを送りました")
    assert_no_axe_violations(page)

    confirmation = smtp_server.wait_for(1)[0]
    assert confirmation["To"] == email
    assert confirmation["Subject"] == in_language(language, "配信登録の確認")
    page.goto(mail_path(confirmation, "confirm"))
    expect_heading(page, language, "登録の確認")
    assert_no_axe_violations(page)
    assert (
        Subscriber.objects.get(email=email).confirmed_at is None
    )  # opening the link is not enough
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        press_enter(page)
    expect_heading(page, language, "登録が完了しました")
    assert_no_axe_violations(page)
    subscriber = Subscriber.objects.get(email=email)
    assert subscriber.confirmed_at is not None and subscriber.language == language

    staff_send(road_staff, topics["safety"], NORTH_TEXTS, areas=[areas["north"]])
    smtp_server.wait_for(2)
    mine = smtp_server.to(email)
    assert [m["Subject"] for m in mine[1:]] == [NORTH_TEXTS[language][0]]
    assert NORTH_TEXTS[language][1] in mine[1].get_body(("plain",)).get_content()
    assert smtp_server.to("south.resident@example.jp") == []  # 南部 is not 北部


def test_a_role_address_is_refused_and_the_form_keeps_what_was_typed(
    page, ward, topics, areas, smtp_server
):
    page.goto("/notifications/")
    page.locator("#id_email").fill("postmaster@example.jp")
    page.locator(topic_box(topics["safety"])).check()
    page.locator(area_box(areas["north"])).check()
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator(SUBMIT).click()
    assert submitted.value.status == 400

    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("役割用のアドレス")
    expect(summary.locator("a[href='#id_email']")).to_be_visible()
    expect(page.locator("#id_email")).to_have_value("postmaster@example.jp")
    expect(page.locator(topic_box(topics["safety"]))).to_be_checked()
    expect(page.locator(area_box(areas["north"]))).to_be_checked()
    expect(page.locator(area_box(areas["south"]))).not_to_be_checked()
    assert_no_axe_violations(page)
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_the_unsubscribe_link_in_a_received_mail_asks_then_stops_every_message(
    page, ward, road_staff, topics, smtp_server
):
    email = "leaving@example.jp"
    subscriber = make_subscriber(email, topics=[topics["safety"]])
    assert staff_send(road_staff, topics["safety"], {"ja": ("最初のお知らせ", "本文です。")}) == 1
    mail = smtp_server.wait_for(1)[0]
    header = str(mail["List-Unsubscribe"]).strip().strip("<>")
    path = urlsplit(header).path
    assert path == mail_path(mail, "unsubscribe")  # the header and the footer link agree
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(path)
    expect_heading(page, "ja", "配信の停止")
    expect(page.locator("main")).to_contain_text(email)
    assert_no_axe_violations(page)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None  # opening the link stops nothing by itself
    with page.expect_navigation():
        page.get_by_role("button", name="配信を止める").click()
    expect_heading(page, "ja", "配信を止めました")
    assert_no_axe_violations(page)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None

    assert staff_send(road_staff, topics["safety"], {"ja": ("次のお知らせ", "本文です。")}) == 0
    assert [m["Subject"] for m in smtp_server.to(email)] == ["最初のお知らせ"]


def test_a_signed_in_resident_reads_a_message_in_the_inbox(
    page, ward, resident, road_staff, topics
):
    sign_in(page, resident)
    page.goto("/notifications/")
    expect_heading(page, "ja", "配信の設定")
    page.locator('input[name="channels"][value="inbox"]').check()
    page.locator(topic_box(topics["safety"])).check()
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    expect(page.locator(".messages")).to_contain_text("配信の設定を保存しました。")
    assert "inbox" in Subscriber.objects.get(user=resident.user).channels

    subject, body = "通学路の点検のお知らせ", "来週、通学路の安全点検を行います。"
    assert staff_send(road_staff, topics["safety"], {"ja": (subject, body)}, channels=["inbox"])
    page.goto("/notifications/inbox/")
    item = page.locator("ul.inbox li").filter(has=page.get_by_role("link"))
    expect(item).to_have_count(1)
    expect(item).to_contain_text("未読")
    expect(item).to_contain_text("安全安心")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        item.get_by_role("link").click()
    expect(page.locator("main h1")).to_have_text(subject)
    expect(page.locator("main")).to_contain_text(body)
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="受信箱へ戻る").click()
    expect(item).to_have_count(1)
    expect(item).not_to_contain_text("未読")
    expect(page.locator("ul.inbox li.unread")).to_have_count(0)


def test_subscribing_works_without_javascript(new_context, ward, topics, smtp_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/notifications/")
    page.locator("#id_email").fill("no.script@example.jp")
    page.locator(topic_box(topics["childcare"])).check()
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    expect_heading(page, "ja", "確認のメールを送りました")
    assert smtp_server.wait_for(1)[0]["To"] == "no.script@example.jp"
