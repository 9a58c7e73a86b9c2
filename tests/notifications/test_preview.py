"""The staff preview per language and channel: what each recipient gets, rendered by the
channel classes themselves, safe against markup in the message, and open to new channels."""

from __future__ import annotations

import json
import re
from html import unescape
from xml.dom import minidom

import pytest

from kuyakusho.notifications import services
from kuyakusho.notifications.channels import REGISTRY, Channel
from kuyakusho.notifications.preview import message_previews

pytestmark = pytest.mark.django_db

TEXTS = {
    "ja": ("公園の遊具点検", "来週、遊具の点検を行います。"),
    "en": ("Playground inspection", "Playground equipment will be inspected next week."),
}


def _message(staff, topic, channels=("email", "inbox", "feed", "webhook"), texts=TEXTS):
    return services.save_draft(staff, topic=topic, channels=list(channels), texts=dict(texts))


def _section(page: str, language: str, channel: str) -> str:
    """The part of the page between this channel's heading and the next preview heading."""
    marker = f'id="preview-{language}-{channel}"'
    assert marker in page, marker
    return page.split(marker, 1)[1].split('id="preview-', 1)[0]


def _code_blocks(section: str) -> list[str]:
    return [unescape(b) for b in re.findall(r"<code>(.*?)</code>", section, re.S)]


def test_each_language_and_channel_shows_what_the_recipient_gets(road_client, road_staff, topics):
    message = _message(road_staff.user, topics["safety"])
    page = road_client.get(f"/staff/notifications/{message.pk}/").content.decode()

    # A heading per language, and one per channel inside it.
    assert re.search(r'<h3 id="preview-ja"[^>]*>日本語</h3>', page)
    assert re.search(r'<h3 id="preview-en"[^>]*>English</h3>', page)
    assert page.count("<h4>") == 2 * 4

    # E-mail: headers with the placeholder recipient and one-click unsubscribe, the text part,
    # the HTML part inside a sandboxed frame.
    email_en = _section(page, "en", "email")
    assert "<dt>To</dt><dd>recipient@example.jp</dd>" in email_en
    assert "<dt>Subject</dt><dd>Playground inspection</dd>" in email_en
    unsubscribe = re.search(r"<dt>List-Unsubscribe</dt><dd>(.*?)</dd>", email_en).group(1)
    assert (
        unescape(unsubscribe).startswith("<http") and "/unsubscribe/RECIPIENT-TOKEN/" in unsubscribe
    )
    assert "<dt>List-Unsubscribe-Post</dt><dd>List-Unsubscribe=One-Click</dd>" in email_en
    text_part = re.search(r'<pre class="mail-body" lang="en">(.*?)</pre>', email_en, re.S).group(1)
    assert "Playground equipment will be inspected next week." in text_part
    assert "/unsubscribe/RECIPIENT-TOKEN/" in text_part
    frame = re.search(r'<iframe class="preview-frame" sandbox="" srcdoc="([^"]*)"', email_en)
    document = unescape(frame.group(1))
    assert document.startswith('<!DOCTYPE html><html lang="en">')
    assert "<p>Playground equipment will be inspected next week.</p>" in document
    email_ja = _section(page, "ja", "email")
    assert "来週、遊具の点検を行います。" in email_ja and "Playground equipment" not in email_ja

    # Inbox: as マイページ shows the item.
    inbox_ja = _section(page, "ja", "inbox")
    inbox_document = unescape(re.search(r'srcdoc="([^"]*)"', inbox_ja).group(1))
    assert "<h1>公園の遊具点検</h1>" in inbox_document and "安全安心" in inbox_document
    # Its source is shown as text, not as markup of this page.
    assert "&lt;h1&gt;公園の遊具点検&lt;/h1&gt;" in inbox_ja and "<h1>" not in inbox_ja

    # Atom feed entry: well-formed XML with the language's title.
    entry = minidom.parseString(_code_blocks(_section(page, "en", "feed"))[0])  # noqa: S318
    assert entry.getElementsByTagName("title")[0].firstChild.data == "Playground inspection"
    assert "Playground equipment" in entry.getElementsByTagName("summary")[0].firstChild.data

    # Webhook: the JSON body parses and names the signature header.
    webhook = _section(page, "ja", "webhook")
    assert "<dt>X-Kuyakusho-Signature</dt>" in webhook
    body = json.loads(_code_blocks(webhook)[0])
    assert body["id"] == message.pk and body["topic"] == "safety"
    assert body["texts"]["en"] == {"subject": TEXTS["en"][0], "body": TEXTS["en"][1]}


def test_only_the_chosen_channels_are_previewed(road_client, road_staff, topics):
    message = _message(road_staff.user, topics["safety"], channels=["feed"])
    page = road_client.get(f"/staff/notifications/{message.pk}/").content.decode()
    assert 'id="preview-ja-feed"' in page and 'id="preview-en-feed"' in page
    assert "preview-ja-email" not in page and "preview-ja-webhook" not in page


def test_markup_in_a_message_is_shown_not_run(road_client, road_staff, topics):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    message = _message(
        road_staff.user,
        topics["safety"],
        texts={"ja": ("件名 " + attack, "本文 " + attack)},
    )
    page = road_client.get(f"/staff/notifications/{message.pk}/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    # Inside the frame document it is still text, escaped once more by the message pipeline.
    frame = unescape(re.search(r'srcdoc="([^"]*)"', _section(page, "ja", "email")).group(1))
    assert "&lt;script&gt;" in frame and "<script>" not in frame


def test_a_new_channel_class_is_previewed_with_no_other_change(road_staff, topics, monkeypatch):
    class PagerChannel(Channel):
        code = "pager"
        label = "Pager"

        def send(self, deliveries, texts):
            return []

    monkeypatch.setitem(REGISTRY, "pager", PagerChannel)
    message = _message(road_staff.user, topics["safety"], channels=["pager"])
    previews = message_previews(message)
    assert [p.language for p in previews] == ["ja", "en"]
    (english_pager,) = previews[1].channels
    assert english_pager.label == "Pager"
    assert [(s.part.kind, s.part.text) for s in english_pager.parts] == [
        ("text", TEXTS["en"][0]),
        ("text", TEXTS["en"][1]),
    ]
