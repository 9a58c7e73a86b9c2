"""The full-screen view and content.json as a screen (or a visitor) meets them: one slide per
page, rotation without JavaScript through <meta refresh>, bad ?slide values never an error,
the screen's own language, nothing cached, and switched-off screens gone."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .conftest import days_from_today, make_event, make_screen


@pytest.fixture
def screen(portal, departments, event_category):
    """Four slides: the message, two notices (健康, 防災), one event; 30 s each."""
    screen = make_screen(
        "honcho",
        departments["road"],
        categories=[portal["kenko"], portal["bosai"]],
        message="窓口は17時までです。",
        seconds_per_slide=30,
    )
    make_event(event_category, "合唱の発表会", days_from_today(2), venue="サンプル区民館ホール")
    return screen


def shown_slide(html: str) -> str:
    """The title of the one slide that is not hidden."""
    for tag, inner in re.findall(r"(<article[^>]*>)(.*?)</article>", html, re.S):
        if " hidden" not in tag:
            return re.search(r"<h2[^>]*>(.*?)</h2>", inner, re.S).group(1)
    return ""


def refresh(html: str) -> tuple[int, str]:
    match = re.search(r'<meta http-equiv="refresh" content="(\d+);url=([^"]+)">', html)
    assert match, "no meta refresh"
    return int(match.group(1)), match.group(2).replace("&amp;", "&")


def get(client: Client, url: str):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, response.content.decode()


def test_one_slide_at_a_time_with_the_ward_and_a_clock(client, screen):
    response, html = get(client, "/signage/honcho/")
    assert html.count("<article") == 4
    assert html.count(" hidden>") == 3  # the other slides are there for the script, hidden
    assert shown_slide(html) == "ご案内"
    assert "窓口は17時までです。" in html
    assert '<p class="signage-ward">練馬区</p>' in html
    assert re.search(r"<time datetime=\"[^\"]+\" data-clock>\d{1,2}:\d\d</time>", html)
    assert "<span data-position>1</span> / 4" in html


def test_rotation_without_javascript_steps_through_every_slide_and_wraps(client, screen):
    # 30 s per slide, never more than 10 s between requests: 10 s, 10 s, then the next slide.
    _response, html = get(client, "/signage/honcho/")
    assert refresh(html) == (10, "/signage/honcho/?slide=1&elapsed=10")
    _response, html = get(client, "/signage/honcho/?slide=1&elapsed=10")
    assert refresh(html) == (10, "/signage/honcho/?slide=1&elapsed=20")
    _response, html = get(client, "/signage/honcho/?slide=1&elapsed=20")
    assert refresh(html) == (10, "/signage/honcho/?slide=2")
    _response, html = get(client, "/signage/honcho/?slide=2")
    assert shown_slide(html) == "区民防災訓練の参加者募集（サンプル）"
    _response, html = get(client, "/signage/honcho/?slide=4&elapsed=20")
    assert shown_slide(html) == "合唱の発表会"
    assert refresh(html) == (10, "/signage/honcho/?slide=1")  # after the last, the first
    _response, html = get(client, "/signage/honcho/?slide=6")  # past the end: wraps round
    assert shown_slide(html) == "区民防災訓練の参加者募集（サンプル）"


def test_a_short_slide_moves_on_at_its_own_pace(client, screen):
    screen.seconds_per_slide = 5
    screen.save()
    _response, html = get(client, "/signage/honcho/?slide=3")
    assert refresh(html) == (5, "/signage/honcho/?slide=4")


@pytest.mark.parametrize(
    "query",
    ["?slide=abc", "?slide=0", "?slide=-2", "?slide=1.5", "?slide=%EF%BC%92", "?slide=9999999999999",
     "?slide=", "?slide=2&elapsed=-5", "?elapsed=abc", "?slide=<script>"],
)  # fmt: skip
def test_bad_slide_values_show_the_first_slide_never_an_error(client, screen, query):
    response, html = get(client, f"/signage/honcho/{query}")
    expected = "区民防災訓練の参加者募集（サンプル）" if query.startswith("?slide=2") else "ご案内"
    assert shown_slide(html) == expected
    assert "<script>" not in html.split("</head>")[1]


def test_pause_stops_the_rotation_and_resume_restarts_it(client, screen):
    _response, html = get(client, "/signage/honcho/?slide=2")
    assert 'href="/signage/honcho/?slide=2&amp;pause=1" data-action="pause">一時停止</a>' in html
    _response, html = get(client, "/signage/honcho/?slide=2&pause=1")
    assert shown_slide(html) == "区民防災訓練の参加者募集（サンプル）"
    # Still asks now and then (an override must reach a paused screen), on the same slide.
    assert refresh(html) == (60, "/signage/honcho/?slide=2&pause=1")
    assert 'href="/signage/honcho/?slide=2" data-action="pause">再開</a>' in html
    assert 'href="/signage/honcho/?slide=3" data-action="next"' in html
    assert 'href="/signage/honcho/?slide=1" data-action="previous"' in html


def test_the_page_is_in_the_screens_language_whatever_the_visitor_chose(client, screen):
    screen.language = "en"
    screen.save()
    client.cookies["kuyakusho_language"] = "ko"
    response, html = get(client, "/signage/honcho/")
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "Nerima City" in html
    # A notice with an English version shows it; the Japanese-only event is marked as such.
    assert "Infant health check-up dates (sample)" in html
    assert '<h2 class="slide-title" id="slide-4-title" lang="ja">合唱の発表会</h2>' in html


def test_markup_in_an_event_from_a_group_is_shown_as_text(client, screen, event_category):
    make_event(event_category, '<img src=x onerror="alert(1)">発表会', days_from_today(1),
               venue="<script>alert(1)</script>ホール")  # fmt: skip
    _response, html = get(client, "/signage/honcho/")
    body = html.split("</head>")[1]
    assert "<img src=x" not in body and "<script>alert(1)" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;発表会" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;ホール" in body


def test_nothing_is_cached_on_the_way(client, screen):
    response, _html = get(client, "/signage/honcho/")
    assert "no-store" in response["Cache-Control"]
    response = client.get("/signage/honcho/content.json")
    assert "no-store" in response["Cache-Control"]


def test_switched_off_and_unknown_screens_are_not_found(client, screen):
    screen.is_active = False
    screen.save()
    assert client.get("/signage/honcho/").status_code == 404
    assert client.get("/signage/honcho/content.json").status_code == 404
    assert client.get("/signage/nothing-here/").status_code == 404
    response = client.get("/signage/honcho/content.json")
    assert response.json() == {"detail": "not found"}


def test_content_json_reports_what_the_screen_shows(client, screen):
    response = client.get("/signage/honcho/content.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert set(payload) == {
        "screen", "ward", "version", "poll_seconds", "override", "slides", "generated_at",
    }  # fmt: skip
    assert payload["screen"] == {
        "slug": "honcho",
        "name": "画面 honcho",
        "location": "本庁舎1階",
        "language": "ja",
        "seconds_per_slide": 30,
    }
    assert payload["ward"] == "練馬区"
    assert payload["override"] is None
    assert payload["poll_seconds"] == 5
    assert [s["kind"] for s in payload["slides"]] == ["message", "notice", "notice", "event"]
    event = payload["slides"][3]
    assert set(event) == {"kind", "label", "title", "text", "when", "venue", "lang"}
    assert event["title"] == "合唱の発表会"
    assert event["venue"] == "サンプル区民館ホール"
    # The page carries the same version, which the script compares at every poll.
    _response, html = get(client, "/signage/honcho/")
    assert f'data-version="{payload["version"]}"' in html


def test_the_version_changes_when_what_is_shown_changes(client, screen, portal):
    from .conftest import make_notice

    before = client.get("/signage/honcho/content.json").json()["version"]
    assert client.get("/signage/honcho/content.json").json()["version"] == before  # stable
    make_notice(portal["kenko"], "新しい健診のお知らせ")
    after = client.get("/signage/honcho/content.json").json()
    assert after["version"] != before
    assert after["slides"][1]["title"] == "新しい健診のお知らせ"


def test_with_javascript_the_script_is_served_from_static_and_the_refresh_is_noscript(
    client, screen
):
    _response, html = get(client, "/signage/honcho/")
    head = html.split("</head>")[0]
    assert re.search(r'<script src="/static/signage/signage\.js" defer></script>', head)
    assert '<noscript><meta http-equiv="refresh"' in head
    assert 'data-content-url="/signage/honcho/content.json"' in html
    # No inline script: the CSP allows scripts from this site only.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_an_override_is_never_held_back_by_a_page_cache(client, screen, ict_admin, settings):
    from datetime import timedelta

    from django.utils import timezone

    from kuyakusho.signage import services

    settings.PAGE_CACHE_SECONDS = 60  # the production default, which tests otherwise turn off
    get(client, "/signage/honcho/")
    client.get("/signage/honcho/content.json")
    services.set_override(
        ict_admin.user, title="避難してください", expires_at=timezone.now() + timedelta(hours=1)
    )
    _response, html = get(client, "/signage/honcho/")
    assert "避難してください" in html
    assert (
        client.get("/signage/honcho/content.json").json()["override"]["title"] == "避難してください"
    )
