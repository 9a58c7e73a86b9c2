"""Events in a browser: a resident finds an event by date and category (in the list) or by
month (in the calendar) and signs up, in Japanese and English, with the keyboard alone; the
waiting list without JavaScript; axe on the list, calendar, event, sign-up and group pages."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from kuyakusho.events import services
from kuyakusho.events.models import Signup, SignupStatus
from kuyakusho.events.validation import EventInput
from tests.events import conftest as event_fixtures

from .axe import assert_no_axe_violations
from .flows import choose_language, sign_in
from .keyboard import assert_focus_visible, press_enter, tab_to, type_into
from .test_children import _date_order, _segments
from .test_notifications import choose_option_with_keyboard

pytestmark = pytest.mark.e2e

# The events suite's fixtures (生涯学習課 and its editor, categories, areas, an approved group).
lifelong = event_fixtures.lifelong
categories = event_fixtures.categories
areas = event_fixtures.areas
lifelong_staff = event_fixtures.lifelong_staff
group = event_fixtures.group

FILTER_SUBMIT = "main form.filters button[type=submit]"
FORM_SUBMIT = "main form.stack button[type=submit]"


def in_language(language: str, source: str) -> str:
    with translation.override(language):
        return translation.gettext(source)


def type_date(page, selector: str, when) -> None:  # type: ignore[no-untyped-def]
    """Tab to a date field and type the date segment by segment, as a keyboard user does."""
    order = _date_order(page)
    tab_to(page, selector)
    for keys, arrow in _segments(order, when):
        page.keyboard.type(keys)
        if arrow:
            page.keyboard.press("ArrowRight")
    expect(page.locator(selector)).to_have_value(when.isoformat())


def make_event(staff, department, category, **extra):  # type: ignore[no-untyped-def]
    values = {
        "title": "スマートフォン講座",
        "description": "基本の操作を学びます。",
        "category": category,
        "start_date": timezone.localdate() + timedelta(days=12),
        "start_time": time(10, 0),
        "end_time": time(12, 0),
        "venue": "区民館 第1集会室",
        "signup_required": True,
        "capacity": 2,
    }
    values.update(extra)
    return services.save_department_event(staff.user, department, EventInput(**values))


@pytest.fixture
def events(lifelong_staff, lifelong, categories, areas):
    day = timezone.localdate() + timedelta(days=12)
    return {
        "target": make_event(lifelong_staff, lifelong, categories["learning"], area=areas["north"]),
        "same_day_other_category": make_event(
            lifelong_staff, lifelong, categories["culture"], title="写真展", signup_required=False,
            capacity=None, lat=35.7356, lon=139.6516,
        ),
        "other_day_same_category": make_event(
            lifelong_staff, lifelong, categories["learning"], title="パソコン講座",
            start_date=day + timedelta(days=3),
        ),
    }  # fmt: skip


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_a_resident_finds_an_event_by_date_and_category_and_signs_up(
    page, ward, resident, events, categories, language
):
    target = events["target"]
    sign_in(page, resident)
    page.goto("/events/")
    choose_language(page, language)
    assert_no_axe_violations(page)

    type_date(page, "#id_date_from", target.start_date)
    type_date(page, "#id_date_to", target.start_date)
    choose_option_with_keyboard(page, "#id_category", "learning")
    tab_to(page, FILTER_SUBMIT)
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page).to_have_url(re.compile(r"category=learning"))
    results = page.locator("main .event-list")
    expect(results).to_contain_text("スマートフォン講座")
    expect(results).not_to_contain_text("写真展")  # same day, other category
    expect(results).not_to_contain_text("パソコン講座")  # same category, other day
    expect(page.locator("#id_category")).to_have_value("learning")  # the filters stay chosen
    assert_no_axe_violations(page)

    tab_to(page, f'main .event-list a[href="/events/{target.pk}/"]')
    press_enter(page, wait_for_url=f"**/events/{target.pk}/")
    expect(page.locator("main h1")).to_have_text("スマートフォン講座")
    assert_no_axe_violations(page)

    tab_to(page, f'main a[href="/events/{target.pk}/signup/"]')
    press_enter(page, wait_for_url=f"**/events/{target.pk}/signup/")
    assert_no_axe_violations(page)
    # Sent empty first: the error names the field and the typed phone number stays.
    type_into(page, "#id_phone", "03-1234-5678")
    tab_to(page, FORM_SUBMIT)
    press_enter(page)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_value("03-1234-5678")
    assert_no_axe_violations(page)
    type_into(page, "#id_name", "練馬 花子")
    tab_to(page, FORM_SUBMIT)
    with page.expect_navigation():
        press_enter(page)
    expect(page).to_have_url(re.compile(rf"/events/{target.pk}/$"))
    expect(
        page.locator("main section[aria-labelledby=signup-heading] .message-success")
    ).to_contain_text(in_language(language, "申込済みです。参加が決まっています。"))
    assert_no_axe_violations(page)
    signup = Signup.objects.get(event=target, user=resident.user)
    assert signup.status == SignupStatus.CONFIRMED and signup.name == "練馬 花子"
    assert signup.language == language


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_the_month_calendar_leads_to_an_event(page, ward, events, language):
    target = events["other_day_same_category"]
    this_month = timezone.localdate().replace(day=1)
    page.goto("/events/calendar/")
    choose_language(page, language)
    assert_no_axe_violations(page)
    if target.start_date.month != this_month.month:
        tab_to(page, 'main .month-nav a[rel="next"]')
        assert_focus_visible(page)
        with page.expect_navigation():
            press_enter(page)
        expect(page).to_have_url(re.compile(rf"month={target.start_date:%Y-%m}"))
        assert_no_axe_violations(page)
    cell = page.locator(
        f'main table.month td:has(time[datetime="{target.start_date.isoformat()}"])'
    )
    expect(cell).to_contain_text("パソコン講座")
    tab_to(page, f'main table.month a[href="/events/{target.pk}/"]', max_presses=80)
    assert_focus_visible(page)
    press_enter(page, wait_for_url=f"**/events/{target.pk}/")
    expect(page.locator("main h1")).to_have_text("パソコン講座")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_event_and_group_pages_have_no_wcag_violations(
    page, ward, resident, lifelong_staff, events, group, language
):
    from kuyakusho.events import services_signups

    full = events["target"]
    services_signups.sign_up(resident.user, full, name="練馬 花子")
    page.goto(f"/events/{events['same_day_other_category'].pk}/")  # with a map and its table
    choose_language(page, language)
    expect(page.locator("main table.map-list")).to_be_visible()
    assert_no_axe_violations(page)
    for path in ["/events/groups/", f"/events/groups/{group.pk}/", f"/events/{full.pk}/"]:
        page.goto(path)
        assert_no_axe_violations(page)
    sign_in(page, resident)
    for path in [f"/events/{full.pk}/", "/events/mine/", f"/events/groups/{group.pk}/manage/"]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "ja" if language == "ja" else "en")
        assert_no_axe_violations(page)


def test_without_javascript_a_full_event_puts_the_resident_on_the_waiting_list(
    new_context, ward, resident, events
):
    from kuyakusho.events import services_signups
    from tests.conftest import make_resident

    target = events["target"]
    for number in range(2):
        services_signups.sign_up(make_resident(f"p{number}@example.jp").user, target, name="先着")
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, resident)
    page.goto("/events/?category=learning&fee=free")
    page.locator(f'main .event-list a[href="/events/{target.pk}/"]').click()
    expect(page.locator("main")).to_contain_text("キャンセル待ちになります")
    page.locator(f'main a[href="/events/{target.pk}/signup/"]').click()
    page.locator("#id_name").fill("練馬 花子")
    page.locator(FORM_SUBMIT).click()
    expect(
        page.locator("main section[aria-labelledby=signup-heading] .message-warning")
    ).to_contain_text("1番目")
    assert Signup.objects.get(user=resident.user).status == SignupStatus.WAITLISTED
    page.goto("/events/mine/")
    page.locator("main form button.danger").click()
    expect(page.locator("main")).to_contain_text("申し込んでいるイベントはありません")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_staff_publish_a_group_event_after_reading_it(
    page, ward, resident, lifelong_staff, group, language
):
    event = services.submit_group_event(
        resident.user,
        group,
        EventInput(
            title="合唱体験会",
            description="<script>alert(1)</script>\n詳しくは https://example.jp/a",
            category=group.category,
            start_date=timezone.localdate() + timedelta(days=9),
            start_time=time(10, 0),
            end_time=time(11, 0),
            venue="区民館",
        ),
    )
    sign_in(page, lifelong_staff)
    page.goto("/staff/events/")
    choose_language(page, language)
    assert_no_axe_violations(page)
    tab_to(page, f'main a[href="/staff/events/{event.pk}/"]')
    press_enter(page, wait_for_url=f"**/staff/events/{event.pk}/")
    expect(page.locator("main .event-text")).to_contain_text("<script>alert(1)</script>")
    assert_no_axe_violations(page)
    tab_to(page, f'main form[action="/staff/events/{event.pk}/approve/"] button')
    with page.expect_navigation():
        press_enter(page)
    event.refresh_from_db()
    assert event.status == "published"
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_group_registration_form_has_no_wcag_violations(page, ward, resident, categories, language):
    sign_in(page, resident)
    page.goto("/events/groups/register/")
    choose_language(page, language)
    assert_no_axe_violations(page)
    page.locator(FORM_SUBMIT).click()  # everything empty: the error summary and the fields
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
