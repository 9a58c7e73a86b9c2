"""Display preferences without JavaScript (furigana, text size) and reflow at 320 CSS px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kuyakusho.core.i18n import TEXT_SIZE_COOKIE

from .flows import choose_language

pytestmark = pytest.mark.e2e


def test_furigana_and_text_size_work_without_javascript(new_context, ward, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_class("text-normal")
    expect(page.locator("main ruby")).to_have_count(0)

    page.locator('.main-nav a[href^="/preferences/"]').click()
    page.get_by_label("特大", exact=True).check()
    page.get_by_label("漢字にふりがなを表示する").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    # Saving returns the visitor to the page they came from.
    expect(page).to_have_url(live_server.url + "/")

    expect(html).to_have_class(re.compile(r"(^|\s)text-xlarge(\s|$)"))
    expect(html).to_have_class(re.compile(r"(^|\s)furigana-on(\s|$)"))
    term = page.locator("main .ruby-term")
    expect(term).to_have_count(1)
    # Sighted readers get the reading above the kanji; assistive technology skips the ruby...
    ruby = term.locator("ruby")
    expect(ruby).to_have_attribute("aria-hidden", "true")
    expect(ruby.locator("rt")).to_have_text("くやくしょ")
    # ...and reads the plain word exactly once, from visually hidden text.
    hidden = term.locator(".visually-hidden")
    expect(hidden).to_have_count(1)
    expect(hidden).to_have_text("区役所")
    box = hidden.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box

    # The setting sticks on the next page.
    page.goto("/accounts/login/")
    expect(html).to_have_class(re.compile(r"(^|\s)text-xlarge(\s|$)"))


@pytest.mark.parametrize(
    ("language", "text_size"), [("ja", "normal"), ("en", "normal"), ("ja", "xlarge")]
)
def test_home_reflows_at_320_css_px(new_context, live_server, ward, language, text_size):
    context = new_context(viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": text_size, "url": live_server.url}])
    page = context.new_page()
    page.goto("/")
    choose_language(page, language)
    expect(page.locator("html")).to_have_class(re.compile(rf"(^|\s)text-{text_size}(\s|$)"))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"horizontal scrolling at 320 CSS px: scrollWidth={scroll_width}"
