"""The language switcher: six languages, plain links that work without JavaScript."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from .flows import HTML_LANG, choose_language, language_link

pytestmark = pytest.mark.e2e

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def assert_page_language(page, code):
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[code])
    expect(language_link(page, code)).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_switcher_link_changes_language_and_it_persists(page, ward, code):
    page.goto("/")
    assert_page_language(page, "ja")  # Accept-Language: ja-JP
    if code in ("ja", "ja-x-easy"):
        # Start from another language so that the switch is observable.
        choose_language(page, "en")
    choose_language(page, code)
    # The choice is remembered on the next page load (another page, then a reload).
    page.goto("/accounts/login/")
    assert_page_language(page, code)
    page.reload()
    assert_page_language(page, code)


def test_english_interface_drops_the_japanese_labels(page, ward):
    page.goto("/")
    choose_language(page, "en")
    nav = page.locator(".main-nav")
    # TRANSLATION-DEPENDENT: labels are compared with the compiled English catalogue (which is
    # still being written), never with hard-coded English sentences.
    for source in ("ホーム", "ログイン"):
        with translation.override("en"):
            english = translation.gettext(source)
        expect(nav.get_by_role("link", name=english, exact=True)).to_be_visible()
        if english != source:
            expect(nav).not_to_contain_text(source)


def test_switcher_works_without_javascript(new_context, ward):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/preferences/")
    assert_page_language(page, "ja")
    choose_language(page, "ko")
    assert page.url.endswith("/preferences/")
    choose_language(page, "ja-x-easy")
    page.goto("/")
    assert_page_language(page, "ja-x-easy")
