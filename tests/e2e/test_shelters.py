"""Shelters in a browser. A resident, keyboard only, in Japanese and in English, keeps the open
shelters with an elevator and opens one; axe checks the list (with its map) and the shelter's
page. Shelter staff on a phone-sized screen, keyboard only, open their shelter with a head count,
are asked to confirm an unusually high number and confirm it; axe checks every state of the
form. The list also works with JavaScript turned off."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from kuyakusho.shelters import services
from kuyakusho.shelters.models import Shelter, StatusChange
from tests.conftest import make_staff
from tests.shelters.conftest import make_shelter

from .axe import assert_no_axe_violations
from .flows import HTML_LANG, choose_language, sign_in
from .keyboard import assert_focus_visible, press_enter, tab_to, type_into

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
OPEN_BOX = "#id_open"
ELEVATOR_BOX = 'input[name="access"][value="elevator"]'
SUBMIT = "form.shelter-filter button[type=submit]"


def in_language(language: str, source: str) -> str:
    with translation.override(language):
        return translation.gettext(source)


@pytest.fixture
def shelters(ward, departments, crisis_staff):
    """An open school with an elevator, a full welfare shelter with one, a closed park."""
    school = make_shelter(
        "第一小学校", department=departments["residents"], name_en="Elementary School 1",
        name_kana="だいいちしょうがっこう", capacity=500, is_evacuation_site=True,
        is_designated_shelter=True, evacuation_earthquake=True, has_elevator=True,
        staff_contact="校長 携帯 090-1111-2222",
    )  # fmt: skip
    welfare = make_shelter(
        "やすらぎの里", department=departments["residents"], name_en="Yasuragi Care Home",
        name_kana="やすらぎのさと", is_welfare_shelter=True, capacity=40, has_elevator=True,
        at=(35.745, 139.64),
    )  # fmt: skip
    park = make_shelter(
        "中央公園", department=departments["parks"], name_en="Central Park",
        name_kana="ちゅうおうこうえん", is_evacuation_site=True, evacuation_large_fire=True,
        capacity=3000, at=(35.728, 139.66),
    )  # fmt: skip
    services.update_status(crisis_staff.user, school, status="open", head_count=120)
    services.update_status(crisis_staff.user, welfare, status="full", head_count=40)
    return {"school": school, "welfare": welfare, "park": park}


def result_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".shelter-table tbody th[scope=row] a").all_inner_texts()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_a_resident_finds_open_shelters_with_an_elevator(page, shelters, language):
    page.goto("/shelters/")
    choose_language(page, language)
    expect(page.locator("main h1")).to_have_text(in_language(language, "避難所・避難場所"))
    expect(page.locator("#shelter-map")).to_be_visible()  # the map enhances the table
    expect(page.locator("#shelter-map .leaflet-interactive")).to_have_count(3)
    assert_no_axe_violations(page)

    tab_to(page, OPEN_BOX)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    tab_to(page, ELEVATOR_BOX)
    page.keyboard.press("Space")
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        press_enter(page)

    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    school = "Elementary School 1" if language == "en" else "第一小学校"
    welfare = "Yasuragi Care Home" if language == "en" else "やすらぎの里"
    assert result_names(page) == [school, welfare]  # the closed park is left out
    expect(page.locator(".shelter-table tbody tr").first).to_contain_text(
        in_language(language, "開設中")
    )
    expect(page.locator(OPEN_BOX)).to_be_checked()
    assert_no_axe_violations(page)

    tab_to(page, 'a[href="#results"]')
    press_enter(page)
    tab_to(page, f'a[href="/shelters/{shelters["school"].pk}/"]', max_presses=3)
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator("main h1")).to_have_text(school)
    expect(page.locator(".status-now")).to_contain_text(in_language(language, "開設中"))
    expect(page.locator("main")).to_contain_text(in_language(language, "地震"))
    expect(page.locator("main")).not_to_contain_text("090-1111-2222")
    expect(page.locator("#shelter-detail-map")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_list_works_without_javascript(new_context, shelters):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/shelters/")
    expect(page.locator("#shelter-map")).to_be_hidden()  # only the table, which is complete
    assert result_names(page) == ["第一小学校", "やすらぎの里", "中央公園"]
    page.locator("#id_kind").select_option("evacuation_site")
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert result_names(page) == ["第一小学校", "中央公園"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_on_a_phone_staff_open_a_shelter_and_confirm_a_high_count(
    new_context, shelters, departments, language
):
    persona = make_staff("site.staff@example.jp", departments["parks"], "staff")
    park = shelters["park"]
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, persona)
    page.goto("/staff/shelters/")
    if language != "ja":
        choose_language(page, language)
    assert_no_axe_violations(page)
    tab_to(page, f'a[href="/staff/shelters/{park.pk}/status/"]', max_presses=60)
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator("main h1")).to_have_text("中央公園")
    # Everything fits the phone's width: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)

    type_into(page, "#id_head_count", "250", replace=True)
    assert_focus_visible(page)
    tab_to(page, 'button[name="status"][value="open"]')
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator(".messages")).to_contain_text("250")
    expect(page.locator(".status-now")).to_contain_text(in_language(language, "開設中"))
    assert_no_axe_violations(page)

    # Ten times the usual number: asked, not stored, not lost.
    type_into(page, "#id_head_count", "9000", replace=True)
    tab_to(page, 'button[name="status"][value="full"]')
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator("#question")).to_be_visible()
    expect(page.locator("#id_head_count")).to_have_value("9000")
    assert_no_axe_violations(page)
    park.refresh_from_db()
    assert (park.status, park.head_count) == ("open", 250)
    tab_to(page, '#question button[name="status"]')
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator(".status-now")).to_contain_text(in_language(language, "満員"))
    park.refresh_from_db()
    assert (park.status, park.head_count) == ("full", 9000)
    assert StatusChange.objects.filter(shelter=park, confirmed_unusual=True).count() == 1

    # A refused number keeps what was typed and says why, accessibly.
    type_into(page, "#id_head_count", "-3", replace=True)
    tab_to(page, 'button[name="status"][value="open"]')
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_head_count")).to_have_value("-3")
    expect(page.locator("#id_head_count")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    assert Shelter.objects.get(pk=park.pk).head_count == 9000


def test_registry_and_history_pass_axe(page, shelters, crisis_staff):
    sign_in(page, crisis_staff)
    for url in (
        "/staff/shelters/registry/",
        "/staff/shelters/registry/new/",
        f"/staff/shelters/registry/{shelters['school'].pk}/",
        f"/staff/shelters/{shelters['school'].pk}/history/",
    ):
        page.goto(url)
        assert_no_axe_violations(page)
    expect(page.locator("main")).to_contain_text("090-1111-2222")  # staff see the contact
