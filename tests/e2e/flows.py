"""Steps several e2e tests share: choosing a language as a user does, and signing in."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import Persona, totp_code

LANGUAGE_NAMES = dict(settings.LANGUAGES)
# <html lang> for each interface language (やさしい日本語 is Japanese to browsers and AT).
HTML_LANG = {
    "ja": "ja",
    "ja-x-easy": "ja",
    "en": "en",
    "zh-hans": "zh-hans",
    "zh-hant": "zh-hant",
    "ko": "ko",
}


def language_link(page: Any, code: str) -> Any:
    return page.locator(".language-switcher").get_by_role(
        "link", name=LANGUAGE_NAMES[code], exact=True
    )


def choose_language(page: Any, code: str) -> None:
    """Click the language's link in the header switcher and wait until the page is in it."""
    link = language_link(page, code)
    with page.expect_navigation():
        link.click()
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[code])
    expect(language_link(page, code)).to_have_attribute("aria-current", "true")


def sign_in_with_password(page: Any, persona: Persona) -> None:
    """Fill in the allauth sign-in form (no TOTP step)."""
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(persona.email)
    page.locator("#id_password").fill(persona.password)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")


def enter_totp(page: Any, persona: Persona) -> None:
    """Answer the TOTP step. The server accepts the current 30 s window and its neighbours;
    should a code still be refused at a window boundary, try once more
    with the new window's code rather than sleeping to a boundary."""
    assert persona.totp_secret
    for _attempt in range(2):
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("#id_code").fill(totp_code(persona.totp_secret))
        with page.expect_navigation():
            page.locator("#id_code").press("Enter")
        if "/accounts/2fa/authenticate/" not in page.url:
            return
    raise AssertionError("the TOTP code was rejected twice")


def sign_in(page: Any, persona: Persona) -> None:
    """Sign in through the real forms: password, then the TOTP step when enrolled."""
    sign_in_with_password(page, persona)
    if persona.totp_secret:
        enter_totp(page, persona)
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))
