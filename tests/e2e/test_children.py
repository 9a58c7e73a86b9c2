"""お子さんの情報 on マイページ in a browser: reached and used with the keyboard alone, a refused
date explained and linked from the error summary, removal, the page without JavaScript, and
axe on every state of the page in Japanese and English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kuyakusho.accounts.models import Child

from .axe import assert_no_axe_violations
from .flows import choose_language, sign_in
from .keyboard import assert_focus_visible, focused_matches, press_enter, tab_to

pytestmark = pytest.mark.e2e

PAGE = "/mypage/children/"
ADD = "main form.stack button[type=submit]"


def _segments(order: str, when) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """Keys for each segment; two-digit segments move on by themselves, a year not last with →."""
    parts = {"y": f"{when.year:04d}", "m": f"{when.month:02d}", "d": f"{when.day:02d}"}
    return [(parts[s], s == "y" and i < 2) for i, s in enumerate(order)]


def _date_order(page) -> str:  # type: ignore[no-untyped-def]
    """Chromium lays out date segments in its own interface language, not the page's: find the
    order once on a scratch page (a bare date field), typing as a user would."""
    probe_date = timezone.localdate().replace(month=11, day=24)
    probe = page.context.new_page()
    try:
        for order in ("ymd", "mdy", "dmy"):
            probe.set_content('<input type="date" id="d">')
            probe.locator("#d").focus()
            for keys, arrow in _segments(order, probe_date):
                probe.keyboard.type(keys)
                if arrow:
                    probe.keyboard.press("ArrowRight")
            if probe.locator("#d").input_value() == probe_date.isoformat():
                return order
    finally:
        probe.close()
    raise AssertionError("could not find the order of the date field's segments")


def type_date(page, when) -> None:  # type: ignore[no-untyped-def]
    """Type the date digit by digit into the birth date field (Tab to it unless focus is there:
    Tab inside a date field moves between its segments)."""
    order = _date_order(page)
    if not focused_matches(page, "#id_birth_date"):
        tab_to(page, "#id_birth_date")
    for keys, arrow in _segments(order, when):
        page.keyboard.type(keys)
        if arrow:
            page.keyboard.press("ArrowRight")
    expect(page.locator("#id_birth_date")).to_have_value(when.isoformat())


def test_a_resident_adds_and_removes_a_child_with_the_keyboard(page, ward, resident):
    sign_in(page, resident)
    page.goto("/mypage/")
    tab_to(page, f'main a[href="{PAGE}"]')
    assert_focus_visible(page)
    press_enter(page, wait_for_url=f"**{PAGE}")
    assert_no_axe_violations(page)

    # A date in the future: refused, explained, linked from the summary, label kept.
    type_date(page, timezone.localdate() + timedelta(days=2))
    tab_to(page, "#id_label")
    page.keyboard.type("第1子")
    tab_to(page, ADD)
    press_enter(page)
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("未来の日付は入力できません")
    expect(page.locator("#id_label")).to_have_value("第1子")
    expect(page.locator("#id_birth_date")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    summary.get_by_role("link").first.focus()
    press_enter(page)
    expect(page.locator("#id_birth_date")).to_be_focused()

    born = timezone.localdate() - timedelta(days=3 * 365 + 60)
    type_date(page, born)
    tab_to(page, ADD)
    press_enter(page)
    expect(page.locator("main table")).to_contain_text("第1子")
    expect(page.locator("main table")).to_contain_text("3歳")
    assert Child.objects.filter(user=resident.user, birth_date=born).exists()
    assert_no_axe_violations(page)

    tab_to(page, "main table button.danger")
    press_enter(page)
    expect(page.locator("main")).to_contain_text("登録しているお子さんはいません")
    assert not Child.objects.exists()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_page_has_no_wcag_violations(page, ward, resident, language):
    from kuyakusho.accounts.services import add_child

    add_child(resident.user, birth_date=timezone.localdate().replace(day=1), actor=None)
    sign_in(page, resident)
    page.goto(PAGE)
    choose_language(page, language)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert_no_axe_violations(page)


def test_the_page_works_without_javascript(new_context, ward, resident):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, resident)
    page.goto(PAGE)
    page.locator("#id_birth_date").fill((timezone.localdate() - timedelta(days=400)).isoformat())
    page.locator(ADD).click()
    expect(page.locator("main table")).to_contain_text("1歳")
    page.locator("main table button.danger").click()
    expect(page.locator("main")).to_contain_text("登録しているお子さんはいません")
