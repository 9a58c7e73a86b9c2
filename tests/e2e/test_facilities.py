"""The facility directory as a resident meets it in a browser: with the keyboard alone, in
Japanese and in English, they keep facilities with an accessible toilet, sort them by distance
from a landmark, and open one; axe checks the list (with its map) and the facility's page. The
list also works with JavaScript turned off, and a click on the map sets the point to sort from."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.facilities import conftest as facility_fixtures
from tests.facilities.conftest import CENTRE, make_facility

from .axe import assert_no_axe_violations
from .flows import HTML_LANG, choose_language
from .keyboard import assert_focus_visible, press_enter, tab_to

pytestmark = pytest.mark.e2e

types = facility_fixtures.types
landmark = facility_fixtures.landmark

TOILET_BOX = 'input[name="attr"][value="accessible_toilet"]'
SUBMIT = "form.facility-filter button[type=submit]"


def in_language(language: str, source: str) -> str:
    """The interface text as the compiled catalogue renders it."""
    with translation.override(language):
        return translation.gettext(source)


@pytest.fixture
def places(ward, departments, types, landmark) -> dict:
    """Three facilities: with a toilet far from the station, with a toilet near it, and the
    nearest of all without one (which the filter must leave out)."""
    dept = departments["parks"]
    return {
        "far": make_facility("中央図書館", type=types["library"], department=dept,
                             name_en="Central Library", name_kana="ちゅうおうとしょかん",
                             at=CENTRE, has_accessible_toilet=True, has_elevator=True),
        "near": make_facility("駅前区民館", type=types["community-centre"], department=dept,
                              name_en="Station Community Centre", name_kana="えきまえくみんかん",
                              at=(landmark.lat - 0.002, landmark.lon), has_accessible_toilet=True,
                              hours={day: [(540, 1260)] for day in range(8)}),
        "nearest": make_facility("駅の公園", type=types["park"], department=dept,
                                 name_en="Station Park", name_kana="えきのこうえん",
                                 at=(landmark.lat, landmark.lon + 0.0005)),
    }  # fmt: skip


def result_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".facility-table tbody th[scope=row] a").all_inner_texts()


def choose_option_with_keyboard(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """With a closed <select> focused, Home then ArrowDown until `value` is selected."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    for _ in range(page.locator(f"{selector} option").count()):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    expect(page.locator(selector)).to_have_value(value)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_a_resident_finds_an_accessible_toilet_near_a_station(
    page, places, landmark, language
):
    page.goto("/facilities/")
    choose_language(page, language)
    expect(page.locator("main h1")).to_have_text(in_language(language, "施設をさがす"))
    expect(page.locator("#facility-map")).to_be_visible()  # the map enhances the table
    assert_no_axe_violations(page)

    tab_to(page, TOILET_BOX)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(page.locator(TOILET_BOX)).to_be_checked()
    choose_option_with_keyboard(page, "#id_landmark", str(landmark.pk))
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        press_enter(page)

    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    name = "Station Community Centre" if language == "en" else "駅前区民館"
    far = "Central Library" if language == "en" else "中央図書館"
    assert result_names(page) == [name, far]  # nearest first; the park has no toilet
    distances = page.locator(".facility-table td.distance").all_inner_texts()
    assert distances == ["220 m", "1,110 m"]
    expect(page.locator(TOILET_BOX)).to_be_checked()  # the filter is kept
    expect(page.locator("#id_landmark")).to_have_value(str(landmark.pk))
    assert_no_axe_violations(page)

    # "検索結果へ移動" skips the form; the first result is one Tab away.
    tab_to(page, 'a[href="#results"]')
    press_enter(page)
    tab_to(page, f'a[href="/facilities/{places["near"].pk}/"]', max_presses=3)
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator("main h1")).to_have_text(name)
    expect(page.locator("#today-heading")).to_have_text(in_language(language, "本日の開館時間"))
    expect(page.locator(".today-hours")).to_have_text("09:00–21:00")
    expect(page.locator("main")).to_contain_text(
        in_language(language, "だれでもトイレ（車いす対応）")
    )
    assert_no_axe_violations(page)


def test_the_list_works_without_javascript(new_context, places):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/facilities/")
    expect(page.locator("#facility-map")).to_be_hidden()  # only the table, which is complete
    assert len(result_names(page)) == 3
    page.locator(TOILET_BOX).check()
    page.locator("#id_lat").fill(str(CENTRE[0]))
    page.locator("#id_lon").fill(str(CENTRE[1]))
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert re.search(r"attr=accessible_toilet", page.url)
    assert result_names(page) == ["中央図書館", "駅前区民館"]
    assert page.locator(".facility-table td.distance").all_inner_texts() == ["0 m", "890 m"]
    # A point outside the ward: a message, and everything typed is still there.
    page.locator("#id_lat").fill("34.70")
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    expect(page.locator(".error-summary")).to_contain_text("区域の外")
    expect(page.locator("#id_lat")).to_have_value("34.70")
    expect(page.locator(TOILET_BOX)).to_be_checked()
    with page.expect_navigation():
        page.locator(f'a[href="/facilities/{places["far"].pk}/"]').click()
    expect(page.locator("main h1")).to_have_text("中央図書館")


def test_a_click_on_the_map_sets_the_point_to_sort_from(page, places):
    page.goto("/facilities/")
    expect(page.locator("#facility-map")).to_be_visible()
    expect(page.locator("[data-map-hint]")).to_be_visible()
    # Near the bottom edge: markers stand above their points (kept 24 px inside the edges),
    # the zoom buttons sit top left and the credit bottom right.
    box = page.locator("#facility-map").bounding_box()
    page.locator("#facility-map").click(position={"x": box["width"] * 0.4, "y": box["height"] - 6})
    expect(page.locator("#id_lat")).not_to_have_value("")
    expect(page.locator("[data-geo-status]").first).to_contain_text("地図で選んだ地点")
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert page.locator(".facility-table td.distance").count() == 3


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_refused_point_is_explained_accessibly(page, places, language):
    page.goto("/facilities/")
    choose_language(page, language)
    page.goto("/facilities/?lat=34.70&lon=135.50&attr=accessible_toilet")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_lat")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)


def test_staff_screens_pass_axe_and_keep_a_refused_entry(page, places, childcare_staff, types):
    from .flows import sign_in

    sign_in(page, childcare_staff)
    page.goto("/staff/facilities/new/")
    expect(page.locator("#facility-form-map")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#id_type").select_option(str(types["nursery"].pk))
    page.locator("#id_name_ja").fill("ひまわり保育園")
    page.locator("#id_name_kana").fill("ひまわりほいくえん")
    page.locator("#id_address").fill("東京都練馬区豊玉北6-1-1")
    page.locator("#id_lat").fill("34.70")
    page.locator("#id_lon").fill("135.50")
    page.locator("#id_hours_0").fill("9:00-17:00")
    with page.expect_navigation():
        page.locator("form.facility-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("区域の外")
    expect(page.locator("#id_hours_0")).to_have_value("9:00-17:00")
    assert_no_axe_violations(page)
    # A click on the map puts a point inside the ward into the fields; then it saves.
    box = page.locator("#facility-form-map").bounding_box()
    page.locator("#facility-form-map").click(
        position={"x": box["width"] / 2, "y": box["height"] - 6}
    )
    expect(page.locator("#id_lat")).not_to_have_value("34.70")
    with page.expect_navigation():
        page.locator("form.facility-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("施設の情報を保存しました。")
    page.goto("/staff/facilities/")
    assert_no_axe_violations(page)
