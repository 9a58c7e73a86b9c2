"""A signage screen in a browser: axe finds no WCAG 2.x A/AA violation in Japanese and in
English (slides and an override); with JavaScript the slides rotate, the keyboard pauses and
moves them, and an override appears within the poll interval; without JavaScript the page
moves on through <meta refresh> to the right address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from kuyakusho.signage import services
from kuyakusho.signage.rotation import POLL_SECONDS
from tests.signage.conftest import days_from_today, make_event, make_screen

from .axe import assert_no_axe_violations
from .keyboard import assert_focus_visible, tab_to

pytestmark = pytest.mark.e2e

VISIBLE_SLIDE = "[data-slides] > .slide:not([hidden])"


@pytest.fixture
def screens(ward, departments):
    """A Japanese and an English screen, 5 s per slide (the shortest allowed): a message, two
    notices (健康, 防災) and an event."""
    from kuyakusho.events.models import Category
    from kuyakusho.portal import demo
    from kuyakusho.portal.models import NoticeCategory

    demo.load(ward)
    categories = [NoticeCategory.objects.get(code=c) for c in ("kenko", "bosai")]
    culture = Category.objects.create(
        code="culture", name_ja="文化・芸術", name_en="Culture", department=departments["residents"]
    )
    make_event(
        culture, "合唱の発表会（サンプル）", days_from_today(1), venue="サンプル区民館ホール"
    )
    return {
        language: make_screen(
            f"lobby-{language}",
            departments["ict"],
            categories=categories,
            language=language,
            seconds_per_slide=5,
            message="窓口は17時までです（サンプル）。",
        )
        for language in ("ja", "en")
    }


ANIMATION = "sel => getComputedStyle(document.querySelector(sel)).animationName"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_screen_passes_axe_and_rotates_by_itself(new_context, screens, language):
    # Reduced motion: no fade between slides (and axe never measures a half-faded one).
    page = new_context(reduced_motion="reduce").new_page()
    page.goto(f"/signage/lobby-{language}/")
    assert page.evaluate(ANIMATION, VISIBLE_SLIDE) == "none"
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".signage-ward")).to_have_text(
        "練馬区" if language == "ja" else "Nerima City"
    )
    expect(page.locator(VISIBLE_SLIDE)).to_have_count(1)
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "1")
    assert_no_axe_violations(page)
    # 5 s per slide: the script shows the second slide without reloading the page.
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "2", timeout=8_000)
    expect(page.locator("[data-position]")).to_have_text("2")
    assert re.search(r"\?slide=2$", page.url)
    assert_no_axe_violations(page)


def test_keyboard_pauses_and_moves_the_slides(page, screens):
    page.goto("/signage/lobby-ja/")
    assert page.evaluate(ANIMATION, VISIBLE_SLIDE) == "signage-fade"  # motion is welcome here
    tab_to(page, '[data-action="pause"]')
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    pause = page.locator('[data-action="pause"]')
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(pause).to_have_text("再開")
    tab_to(page, '[data-action="next"]')
    page.keyboard.press("Enter")
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "2")
    page.keyboard.press("Enter")
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "3")
    # Paused: it stays on slide 3 beyond its 5 seconds.
    page.wait_for_timeout(6_000)
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "3")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_override_appears_within_the_poll_interval(new_context, screens, ict_admin, language):
    page = new_context(reduced_motion="reduce").new_page()
    page.goto(f"/signage/lobby-{language}/")
    expect(page.locator(VISIBLE_SLIDE)).to_be_visible()
    services.set_override(
        ict_admin.user,
        title="大雨のため区民館を閉館します（訓練）",
        body="最寄りの避難所を確認してください。",
        severity="emergency",
        is_exercise=True,
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    alert = page.locator(".override-emergency[role=alert]")
    # The next poll (every POLL_SECONDS) sees the new version; one page load follows.
    expect(alert).to_be_visible(timeout=(POLL_SECONDS + 3) * 1000)
    expect(alert).to_contain_text("大雨のため区民館を閉館します")
    with translation.override(language):
        exercise = gettext("訓練")  # the screen's language: "Exercise" on an English screen
    expect(page.locator(".override-exercise").first).to_contain_text(exercise)
    expect(page.locator("[data-slides]")).to_have_count(0)
    assert_no_axe_violations(page)
    # Cleared: back to the slides at the next poll.
    services.clear_override(ict_admin.user)
    expect(page.locator(VISIBLE_SLIDE)).to_be_visible(timeout=(POLL_SECONDS + 3) * 1000)


def test_a_caution_override_passes_axe(page, screens, ict_admin):
    services.set_override(
        ict_admin.user,
        title="強風のため屋外の催しは中止です",
        severity="caution",
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    page.goto("/signage/lobby-ja/")
    expect(page.locator(".override-caution[role=alert]")).to_be_visible()
    assert_no_axe_violations(page)


def test_without_javascript_the_page_moves_on_by_meta_refresh(new_context, screens, ict_admin):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/signage/lobby-ja/?slide=4")
    refresh = page.locator('meta[http-equiv="refresh"]')
    expect(refresh).to_have_attribute("content", "5;url=/signage/lobby-ja/?slide=1")
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "4")
    expect(page.locator(VISIBLE_SLIDE)).to_contain_text("合唱の発表会（サンプル）")
    # The browser follows it by itself.
    page.wait_for_url(re.compile(r"\?slide=1$"), timeout=8_000)
    expect(page.locator(VISIBLE_SLIDE)).to_have_attribute("data-slide", "1")
    # The controls are plain links.
    with page.expect_navigation():
        page.locator('[data-action="next"]').click()
    assert page.url.endswith("?slide=2")
    # During an override the page asks again every 10 seconds.
    services.set_override(
        ict_admin.user,
        title="訓練の表示",
        severity="emergency",
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    page.goto("/signage/lobby-ja/?slide=2")
    expect(page.locator(".override[role=alert]")).to_be_visible()
    expect(refresh).to_have_attribute("content", "10;url=/signage/lobby-ja/?slide=2")
