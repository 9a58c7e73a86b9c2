"""The page cache in a real browser: a visitor served a cached FAQ answer gets their own CSRF
token, so "did this solve it?" works for them, and the cached page is the page — in their
language, with no axe violation."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from kuyakusho.faq.models import Feedback
from tests.faq import conftest as faq_fixtures

from .axe import assert_no_axe_violations
from .flows import HTML_LANG

pytestmark = pytest.mark.e2e

categories = faq_fixtures.categories
answers = faq_fixtures.answers

THANKS = {"ja": "ご回答ありがとうございました", "en": "Thank you"}
YES = {"ja": "はい、解決しました", "en": "Yes"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.mark.parametrize(("language", "locale"), [("ja", "ja-JP"), ("en", "en-GB")])
def test_a_visitor_served_a_cached_answer_can_vote_with_their_own_token(
    new_context, ward, answers, language, locale
):
    path = f"/faq/answers/{answers['pothole'].pk}/"
    first = new_context(locale=locale).new_page()
    assert first.goto(path).headers["x-cache"] == "miss"

    visitor = new_context(locale=locale).new_page()
    response = visitor.goto(path)
    assert response.headers["x-cache"] == "hit"
    expect(visitor.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    assert_no_axe_violations(visitor)

    with visitor.expect_navigation():
        visitor.get_by_role("button", name=YES[language]).click()
    expect(visitor.locator(".messages")).to_contain_text(THANKS[language])
    assert Feedback.objects.get().helpful is True
