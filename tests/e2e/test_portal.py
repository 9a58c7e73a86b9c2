"""Residents read the ward's pages and notices with the keyboard only, in Japanese and
English, and axe finds no WCAG 2.x A/AA violation on any portal page type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .flows import choose_language
from .keyboard import assert_focus_visible, press_enter, tab_to

pytestmark = pytest.mark.e2e


@pytest.fixture
def portal(ward, departments):
    from kuyakusho.portal import demo

    demo.load(ward)


@pytest.mark.parametrize(
    ("language", "area_title", "page_title"),
    [
        ("ja", "くらし・手続き", "ごみと資源の出し方（サンプル）"),
        ("en", "Living and procedures", "How to put out garbage and recycling (sample)"),
    ],
)
def test_life_area_to_page_by_keyboard(page, portal, language, area_title, page_title):
    page.goto("/kurashi/")
    choose_language(page, language)
    expect(page.locator("main h1")).to_have_text(area_title)
    assert_no_axe_violations(page)
    tab_to(page, 'main a[href="/kurashi/gomi/"]')
    assert_focus_visible(page)
    press_enter(page, wait_for_url=re.compile(r"/kurashi/gomi/$"))
    expect(page.locator("main h1")).to_have_text(page_title)
    expect(page.locator(".page-meta time")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_notices_filtered_and_opened_by_keyboard(page, portal, language):
    page.goto("/notices/")
    choose_language(page, language)
    assert_no_axe_violations(page)
    tab_to(page, "#category")
    page.keyboard.press("ArrowDown")  # the first category after "all" (防災, by code)
    tab_to(page, ".filter-form button[type=submit]")
    press_enter(page, wait_for_url=re.compile(r"category=bosai"))
    notices = page.locator(".notice-list li")
    expect(notices).to_have_count(1)
    tab_to(page, '.notice-list a[href="/notices/drill-sample/"]')
    press_enter(page, wait_for_url=re.compile(r"/notices/drill-sample/$"))
    expect(page.locator("main h1")).to_be_visible()
    assert_no_axe_violations(page)


def test_notices_work_without_javascript(new_context, portal):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/notices/?category=kenko")
    expect(page.locator(".notice-list li")).to_have_count(1)
    expect(page.locator(".notice-list a")).to_have_text("乳幼児健診の日程（サンプル）")


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("ja", "ごみと資源の出し方（サンプル）"),
        ("en", "How to put out garbage and recycling (sample)"),
    ],
)
def test_site_search_by_keyboard(page, portal, language, title):
    page.goto("/search/")
    choose_language(page, language)
    assert_no_axe_violations(page)
    tab_to(page, "#search-q")
    page.keyboard.type("ごみ")
    press_enter(page, wait_for_url=re.compile(r"/search/\?q="))
    first = page.locator(".search-results li").first
    expect(first.locator(".result-title a")).to_have_text(title)
    assert_no_axe_violations(page)
    tab_to(page, "#search-q")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("の")
    press_enter(page, wait_for_url=re.compile(r"q=%E3%81%AE"))
    expect(page.locator("#search-problem")).to_be_visible()
    assert_no_axe_violations(page)
