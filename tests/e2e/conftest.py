"""Browser harness: Playwright's sync API driving Debian's Chromium against pytest-django's
live_server (which makes every e2e test use `transactional_db`).

The browser is launched once per session; every test gets a fresh browser context (no
cookies, no storage), so tests never see each other's sessions or language choices.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless this is set. `kuyakusho test` sets it too; setting it here
# keeps a bare `pytest tests/e2e` working.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("KUYAKUSHO_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google services on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def _playwright() -> Iterator[object]:
    if not CHROMIUM.exists():
        reason = (
            f"e2e tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium); Playwright-downloaded browsers are not used"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs Chromium: a missing browser there is a failure
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright) -> Iterator[object]:
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser, live_server) -> Iterator[Callable[..., object]]:
    """Factory for extra browser contexts (e.g. JavaScript disabled, a narrow viewport).

    No `bypass_csp`: axe is injected through DevTools evaluation (see axe.py), which the
    page's Content-Security-Policy does not govern, so every test sees the real CSP.
    """
    contexts = []

    def factory(**options: object) -> object:
        settings = {"base_url": live_server.url, "locale": "ja-JP", "viewport": DESKTOP, **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def outbox_backend(settings) -> None:
    """Send mail through the project's real backend (the OutboxMessage table).

    pytest-django swaps EMAIL_BACKEND for Django's locmem backend during tests; the live
    server runs in this process, so restoring the configured backend here reaches it too.
    """
    from kuyakusho import settings as project_settings

    settings.EMAIL_BACKEND = project_settings.EMAIL_BACKEND


@pytest.fixture
def page(new_context) -> object:
    """A page in a fresh context: a Japanese-speaking visitor (Accept-Language: ja-JP)."""
    return new_context().new_page()
