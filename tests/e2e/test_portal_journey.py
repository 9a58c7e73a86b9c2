"""Issue #3's first "done when", end to end on the demo data: one signed-in resident, with the
keyboard alone, in Japanese and again in English, finds an answer by searching part of a
Japanese word and marks it helpful, finds facilities with an accessible toilet near a chosen
point (on the map and in the list), and signs up for an event. axe checks every page on the way.

The demo data is loaded as `kuyakusho demo` loads it (core.demo.load_demo for the default
ward), and the resident is the demo's own resident account.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from kuyakusho.core.demo import DEMO_ACCOUNTS, load_demo

from .axe import assert_no_axe_violations
from .flows import HTML_LANG
from .keyboard import assert_focus_visible, press_enter, tab_to, type_into
from .test_notifications import choose_option_with_keyboard

pytestmark = pytest.mark.e2e

RESIDENT = next(account for account in DEMO_ACCOUNTS if account.department is None)
PARTIAL_WORD = "粗大"  # part of 粗大ごみ (bulky waste)
LANDMARK = "練馬駅"
EVENT_TITLE = "【サンプル】はじめてのスマートフォン講座"
# Long pages (the header's menu, a map, twenty facilities) need more Tab presses than a form.
FAR = 120


def in_language(language: str, source: str) -> str:
    with translation.override(language):
        return translation.gettext(source)


def go(page, selector: str, *, max_presses: int = FAR) -> None:  # type: ignore[no-untyped-def]
    """Tab to a link or button, check its focus is visible, press Enter and wait for the page."""
    tab_to(page, selector, max_presses=max_presses)
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    page.wait_for_load_state("load")


def checked_page(page, language: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    assert_no_axe_violations(page)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance, computed here independently of the application's own."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    return load_demo("nerima")


def sign_in_with_keyboard(page, language: str) -> None:  # type: ignore[no-untyped-def]
    go(page, '.main-nav a[href="/accounts/login/"]')
    checked_page(page, language)
    type_into(page, "#id_login", RESIDENT.email)
    type_into(page, "#id_password", RESIDENT.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mypage/"))
    expect(page.locator('.main-nav a[href="/mypage/"]')).to_be_visible()
    checked_page(page, language)


def find_answer_and_mark_it_helpful(page, language: str) -> None:  # type: ignore[no-untyped-def]
    from kuyakusho.faq.models import Answer, Feedback

    answer = Answer.objects.get(translations__question="粗大ごみを出したい")
    votes_before = Feedback.objects.filter(answer=answer, helpful=True).count()

    go(page, '.main-nav a[href="/search/"]')
    checked_page(page, language)
    type_into(page, "#search-q", PARTIAL_WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_contain_text(PARTIAL_WORD)
    link = f'.search-results a[href="/faq/answers/{answer.pk}/"]'
    question = "How do I dispose of bulky waste?" if language == "en" else "粗大ごみを出したい"
    expect(page.locator(link)).to_have_text(question)  # in the reader's language
    checked_page(page, language)

    go(page, link)
    expect(page.locator("main h1")).to_have_text(question)
    checked_page(page, language)
    go(page, 'button[name="helpful"][value="yes"]')
    expect(page).to_have_url(re.compile(rf"/faq/answers/{answer.pk}/#feedback$"))
    expect(page.locator(".messages")).to_contain_text(
        in_language(language, "ご回答ありがとうございました。")
    )
    checked_page(page, language)
    assert Feedback.objects.filter(answer=answer, helpful=True).count() == votes_before + 1
    assert Feedback.objects.filter(answer=answer).latest("pk").language == language


def find_an_accessible_toilet_near_a_point(page, language: str) -> None:  # type: ignore[no-untyped-def]
    from kuyakusho.facilities.models import Facility, Landmark

    station = Landmark.objects.get(name_ja=LANDMARK)
    point = (station.lat, station.lon)
    with_toilet = Facility.objects.filter(is_published=True, has_accessible_toilet=True)
    expected = sorted(with_toilet, key=lambda f: distance_m(point, (f.lat, f.lon)))

    go(page, '.main-nav a[href="/facilities/"]')
    expect(page.locator("#facility-map")).to_be_visible()
    checked_page(page, language)
    toilet = 'input[name="attr"][value="accessible_toilet"]'
    tab_to(page, toilet, max_presses=FAR)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(page.locator(toilet)).to_be_checked()
    choose_option_with_keyboard(page, "#id_landmark", str(station.pk))
    go(page, "form.facility-filter button[type=submit]", max_presses=40)

    # In the list: only facilities with an accessible toilet, nearest first, with distances.
    rows = page.locator(".facility-table tbody tr")
    links = rows.locator("th[scope=row] a")
    shown = [int(href.rstrip("/").rsplit("/", 1)[1]) for href in _hrefs(links)]
    assert shown == [f.pk for f in expected][: len(shown)]
    assert len(shown) >= 3
    distances = [
        int(text.replace(",", "").removesuffix(" m"))
        for text in page.locator(".facility-table td.distance").all_inner_texts()
    ]
    assert distances == sorted(distances)
    assert abs(distances[0] - distance_m(point, (expected[0].lat, expected[0].lon))) < 15
    toilet_label = in_language(language, "だれでもトイレ（車いす対応）")
    for row in range(len(shown)):
        expect(rows.nth(row)).to_contain_text(toilet_label)
    expect(page.locator(toilet)).to_be_checked()  # the choices stay
    expect(page.locator("#id_landmark")).to_have_value(str(station.pk))

    # On the map: the chosen point and the same facilities (the map draws from this config).
    expect(page.locator("#facility-map")).to_be_visible()
    config = json.loads(page.locator("#facility-map-config").text_content())
    assert [round(v, 4) for v in config["origin"]] == [round(v, 4) for v in point]
    on_map = {_feature_pk(feature) for feature in config["geojson"]["features"]}
    assert set(shown) <= on_map
    expect(page.locator("#facility-map .leaflet-marker-icon")).to_have_count(len(on_map))
    expect(page.locator("#facility-map path.leaflet-interactive")).to_have_count(1)  # the point
    checked_page(page, language)

    go(page, f'.facility-table a[href="/facilities/{shown[0]}/"]')
    nearest = Facility.objects.get(pk=shown[0])
    expect(page.locator("main h1")).to_have_text(
        nearest.name_en if language == "en" else nearest.name_ja
    )
    expect(page.locator("main")).to_contain_text(toilet_label)
    checked_page(page, language)


def _hrefs(links) -> list[str]:  # type: ignore[no-untyped-def]
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def _feature_pk(feature: dict) -> int:
    page = feature["properties"]["page"]
    return int(page.rstrip("/").rsplit("/", 1)[1])


def sign_up_for_an_event(page, language: str) -> None:  # type: ignore[no-untyped-def]
    from kuyakusho.accounts.models import User
    from kuyakusho.events.models import Event, Signup, SignupStatus

    event = Event.objects.get(title=EVENT_TITLE)
    resident = User.objects.get(email=RESIDENT.email)

    go(page, '.main-nav a[href="/events/"]')
    checked_page(page, language)
    choose_option_with_keyboard(page, "#id_category", "learning")
    go(page, "main form.filters button[type=submit]", max_presses=40)
    expect(page).to_have_url(re.compile(r"category=learning"))
    checked_page(page, language)

    go(page, f'main .event-list a[href="/events/{event.pk}/"]')
    expect(page.locator("main h1")).to_have_text(EVENT_TITLE)
    checked_page(page, language)
    go(page, f'main a[href="/events/{event.pk}/signup/"]')
    checked_page(page, language)
    type_into(page, "#id_name", "練馬 花子（サンプル）", replace=True)
    go(page, "main form.stack button[type=submit]", max_presses=40)
    expect(page).to_have_url(re.compile(rf"/events/{event.pk}/$"))
    expect(
        page.locator("main section[aria-labelledby=signup-heading] .message-success")
    ).to_contain_text(in_language(language, "申込済みです。参加が決まっています。"))
    checked_page(page, language)
    signup = Signup.objects.get(event=event, user=resident)
    assert signup.status == SignupStatus.CONFIRMED
    assert signup.language == language


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_a_resident_gets_an_answer_a_facility_and_an_event_place(
    page, demo, language
):
    page.goto("/")
    go(page, f'.language-switcher a[hreflang="{HTML_LANG[language]}"]', max_presses=40)
    checked_page(page, language)
    sign_in_with_keyboard(page, language)
    find_answer_and_mark_it_helpful(page, language)
    find_an_accessible_toilet_near_a_point(page, language)
    sign_up_for_an_event(page, language)
