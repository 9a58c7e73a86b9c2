"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the foundation's pages.

Each page is checked in Japanese and in English, with the language chosen through the header
switcher link exactly as a resident would choose it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .flows import choose_language, sign_in

pytestmark = pytest.mark.e2e

LANGUAGES = ["ja", "en"]
PAGES = {
    "home": "/",
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "profile": "/mypage/profile/",  # needs a signed-in resident
    "display-preferences": "/preferences/",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(request, page, ward, name, language):
    path = PAGES[name]
    if name == "profile":
        sign_in(page, request.getfixturevalue("resident"))
    response = page.goto(path)
    assert response.status == 200
    choose_language(page, language)
    # The switcher brings the visitor back to the page they were on.
    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?.*)?$"))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_has_no_wcag_violations(page, ward, language):
    page.goto("/")
    choose_language(page, language)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main").get_by_role("link").first).to_have_attribute("href", "/")
    assert_no_axe_violations(page)
