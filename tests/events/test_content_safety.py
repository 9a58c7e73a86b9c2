"""Group posts are untrusted: plain text with line breaks, links only for http(s) URLs, and
nothing a group types can run a script or point a link at javascript: or data:."""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kuyakusho.events import services_groups
from kuyakusho.events.models import Group
from kuyakusho.events.text import clean_line, render_plain_text

from .conftest import group_form_data, group_input, published_group_event

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '"><svg onload=alert(1)>',
    'https://example.jp/"onmouseover="alert(1)',
    "<iframe src='https://evil.example/'></iframe>",
]


def test_text_becomes_paragraphs_and_line_breaks():
    html = render_plain_text("一行目\n二行目\n\n次の段落")
    assert html == "<p>一行目<br>二行目</p><p>次の段落</p>"


def test_only_http_and_https_urls_become_links():
    html = render_plain_text(
        "詳しくは https://example.jp/event?id=1&x=2 を。\n"
        "http://example.jp/a も。ftp://example.jp/ と mailto:a@example.jp と www.example.jp は文字のまま"
    )
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links == ["https://example.jp/event?id=1&amp;x=2", "http://example.jp/a"]
    assert 'rel="nofollow ugc noopener noreferrer"' in html
    assert "ftp://example.jp/" in html and "mailto:a@example.jp" in html


def test_urls_end_before_japanese_text_and_sentence_punctuation():
    html = render_plain_text("申込はhttps://example.jp/formから。（https://example.jp/a_(b)）")
    assert re.findall(r'href="([^"]*)"', html) == [
        "https://example.jp/form",
        "https://example.jp/a_(b)",
    ]
    assert render_plain_text("見てください: https://example.jp/x.").count("x.</a>") == 0


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_and_dangerous_links_are_inert(attack):
    html = render_plain_text(attack)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "<iframe" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert not re.search(r"<a [^>]*on\w+=", html)


def test_nul_and_line_breaks_in_one_line_fields():
    assert clean_line("会場\x00名\r\n二行目") == "会場名 二行目"


@pytest.mark.django_db
def test_a_hostile_event_description_is_shown_as_text(resident, lifelong_staff, group):
    description = "\n".join(ATTACKS) + "\n正しいリンク: https://example.jp/ok"
    event = published_group_event(
        group, resident, lifelong_staff, title="<b>太字</b>の催し", description=description
    )
    page = Client().get(f"/events/{event.pk}/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script>alert(1)</script>" not in main
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main
    assert "&lt;b&gt;太字&lt;/b&gt;の催し" in main
    assert 'href="javascript:' not in main and 'href="data:' not in main
    assert '<a href="https://example.jp/ok" rel="nofollow ugc noopener noreferrer">' in main


@pytest.mark.django_db
def test_a_hostile_event_description_stays_text_in_the_atom_feed(resident, lifelong_staff, group):
    published_group_event(group, resident, lifelong_staff, description="\n".join(ATTACKS))
    root = ElementTree.fromstring(Client().get("/events/feed.atom").content)  # noqa: S314
    [summary] = root.iter("{http://www.w3.org/2005/Atom}summary")
    # The element's text is what a reader renders (as HTML when type="html").
    rendered = summary.text if summary.get("type") == "html" else html.escape(summary.text)
    assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered


@pytest.mark.django_db
def test_a_group_website_must_be_http_or_https(resident, resident_client, categories):
    with pytest.raises(ValidationError) as refused:
        services_groups.request_group(
            resident.user, group_input(categories["culture"], website="javascript:alert(1)")
        )
    assert "http:// か https://" in str(refused.value)
    response = resident_client.post(
        "/events/groups/register/",
        group_form_data(
            categories["culture"],
            description="<script>alert(1)</script>",
            website="javascript:alert(1)",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "ウェブサイト（任意）: URLを正しく入力してください。" in body
    assert 'href="#id_website"' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # what was typed is kept, escaped
    assert "<script>alert(1)</script>" not in body
    # A well-formed address of another scheme is refused as well, saying what is accepted.
    ftp = resident_client.post(
        "/events/groups/register/",
        group_form_data(categories["culture"], website="ftp://example.jp/chorus"),
    )
    assert ftp.status_code == 400
    assert "http:// か https:// で始まるアドレスを入力してください。" in ftp.content.decode()
    assert not Group.objects.exists()


@pytest.mark.django_db
def test_a_hostile_group_profile_is_shown_as_text(resident, lifelong_staff, categories):
    created = services_groups.request_group(
        resident.user,
        group_input(categories["culture"], description='<a href="javascript:alert(1)">x</a>'),
    )
    group = services_groups.approve_group(lifelong_staff.user, created)
    page = Client().get(f"/events/groups/{group.pk}/").content.decode()
    assert 'href="javascript:' not in page
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;" in page
    assert "chorus@example.jp" not in page  # the contact is not public unless chosen
