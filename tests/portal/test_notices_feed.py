"""Notices narrowed by area as well as category, and the Atom feed a resident's feed reader
or another site follows: newest first, in the reader's language where a translation exists,
the same narrowing as the list, never a draft."""

from __future__ import annotations

from xml.etree import ElementTree

from django.test import Client

from kuyakusho.notifications.models import Area
from kuyakusho.portal.models import NoticeCategory, NoticeIndexPage, NoticePage

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/notices/feed.atom"


def _entries(response) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own XML
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def _notice(departments, slug: str, title: str, areas=(), live=True, title_en=""):  # type: ignore[no-untyped-def]
    notice = NoticePage(
        title=title,
        title_en=title_en,
        slug=slug,
        summary=f"{title}の要旨<b>です</b>",
        summary_en="Summary in English" if title_en else "",
        category=NoticeCategory.objects.get(code="kurashi"),
        responsible_department=departments["road"],
        live=live,
    )
    NoticeIndexPage.objects.get().add_child(instance=notice)
    notice.areas.set(areas)
    if live:
        notice.save_revision().publish()
    else:
        notice.save_revision()
    return notice


def test_the_feed_lists_live_notices_newest_first_and_never_a_draft(portal, departments):
    _notice(departments, "older", "古いお知らせ（テスト）")
    newer = _notice(departments, "newer", "新しいお知らせ（テスト）")
    _notice(departments, "draft", "下書きのお知らせ（テスト）", live=False)
    entries = _entries(Client().get(FEED))
    titles = [e["title"] for e in entries]
    assert titles[:2] == ["新しいお知らせ（テスト）", "古いお知らせ（テスト）"]
    assert "下書きのお知らせ（テスト）" not in titles
    first = entries[0]
    assert first["link"].endswith(newer.url)
    # Plain text, escaped for feed readers (Atom type="html"): the tags stay visible text.
    assert first["summary"] == "<p>新しいお知らせ（テスト）の要旨&lt;b&gt;です&lt;/b&gt;</p>"
    assert "くらし" in first["categories"]


def test_the_feed_is_in_english_where_the_notice_has_an_english_version(portal, departments):
    _notice(departments, "both", "両方あるお知らせ", title_en="Notice in both languages")
    _notice(departments, "ja-only", "日本語だけのお知らせ")
    english = _entries(Client(HTTP_ACCEPT_LANGUAGE="en").get(FEED))
    by_title = {e["title"]: e for e in english}
    assert by_title["Notice in both languages"]["summary"] == "<p>Summary in English</p>"
    assert "日本語だけのお知らせ" in by_title  # still listed, in Japanese
    japanese = [e["title"] for e in _entries(Client(HTTP_ACCEPT_LANGUAGE="ja").get(FEED))]
    assert "両方あるお知らせ" in japanese and "Notice in both languages" not in japanese


def test_notices_narrow_by_area_in_the_list_and_the_feed(portal, departments):
    north = Area.objects.create(code="north", name_ja="北地域", name_en="North")
    south = Area.objects.create(code="south", name_ja="南地域", name_en="South")
    _notice(departments, "north-only", "北地域の工事（テスト）", areas=[north])
    _notice(departments, "south-only", "南地域の工事（テスト）", areas=[south])
    _notice(departments, "whole-ward", "区全体のお知らせ（テスト）")
    index = NoticeIndexPage.objects.get()

    listing = Client().get(index.url, {"area": "north"}).content.decode()
    assert "北地域の工事（テスト）" in listing and "区全体のお知らせ（テスト）" in listing
    assert "南地域の工事（テスト）" not in listing
    assert '<option value="north" selected>北地域</option>' in listing
    assert f'href="{FEED}?area=north"' in listing  # the feed of exactly this list

    titles = [e["title"] for e in _entries(Client().get(FEED, {"area": "north"}))]
    assert "北地域の工事（テスト）" in titles and "南地域の工事（テスト）" not in titles
    north_entry = next(e for e in _entries(Client().get(FEED)) if e["title"].startswith("北"))
    assert "北地域" in north_entry["categories"]


def test_unknown_or_hostile_filters_fall_back_to_every_notice(portal, departments):
    _notice(departments, "any", "どなたにも関係するお知らせ（テスト）")
    for params in ({"area": "<script>"}, {"category": "x" * 5000}, {"area": "nowhere"}):
        response = Client().get(FEED, params)
        assert response.status_code == 200
        titles = [e["title"] for e in _entries(response)]
        assert "どなたにも関係するお知らせ（テスト）" in titles
        listing = Client().get(NoticeIndexPage.objects.get().url, params)
        assert listing.status_code == 200 and "<script>" not in listing.content.decode()
    assert Client().post(FEED).status_code == 405
