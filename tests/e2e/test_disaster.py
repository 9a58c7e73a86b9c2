"""An exercise evacuation alert in the browser: one staff member drafts it from a template,
a second approves it; residents see the banner on every page and reach the disaster page by
keyboard, in Japanese and English, with JavaScript off; axe finds no WCAG 2.x A/AA violation on
the staff screens or the public pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .flows import sign_in
from .keyboard import assert_focus_visible, press_enter, tab_to

pytestmark = pytest.mark.e2e
HEADLINE_JA = "【警戒レベル4】避難指示（区内全域）"
HEADLINE_EN = "[Level 4] Evacuation order (the whole ward)"


def test_exercise_alert_from_draft_to_every_reader(
    new_context, ward, departments, crisis_staff, crisis_approver
):
    author = new_context().new_page()
    sign_in(author, crisis_staff)
    author.goto("/staff/disaster/")
    assert_no_axe_violations(author)
    author.locator("#id_new_kind").select_option("evacuation_order")
    author.locator("#id_new_exercise").check()
    with author.expect_navigation():
        author.get_by_role("button", name="下書きを作る").click()
    expect(author.locator("#id_headline_ja")).to_have_value(HEADLINE_JA)
    expect(author.locator("#id_is_exercise")).to_be_checked()
    assert_no_axe_violations(author)
    with author.expect_navigation():
        author.get_by_role("button", name="下書きを保存する").click()
    with author.expect_navigation():
        author.get_by_role("button", name="承認を依頼する").click()
    expect(author.get_by_text("作成した人は承認できません")).to_be_visible()
    detail_url = author.url

    approver = new_context().new_page()
    sign_in(approver, crisis_approver)
    approver.goto(detail_url)
    assert_no_axe_violations(approver)
    with approver.expect_navigation():
        approver.get_by_role("button", name="承認して発表する").click()
    expect(approver.get_by_text("承認し、発表しました。")).to_be_visible()

    # A resident without JavaScript: the banner on the home page, then the disaster page by
    # keyboard alone.
    resident = new_context(java_script_enabled=False).new_page()
    resident.goto("/")
    banner = resident.get_by_role("region", name="緊急のお知らせ")
    expect(banner).to_contain_text("【訓練】" + HEADLINE_JA)
    tab_to(resident, ".site-alerts a")
    assert_focus_visible(resident)
    press_enter(resident, wait_for_url=re.compile(r"/disaster/$"))
    expect(resident.get_by_role("heading", level=3)).to_contain_text(HEADLINE_JA)
    expect(resident.locator(".exercise")).to_be_visible()
    english = new_context(java_script_enabled=False, locale="en-US").new_page()
    english.goto("/disaster/index.en.html")
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.get_by_role("heading", level=3)).to_contain_text(HEADLINE_EN)
    # axe runs in the page, so it needs JavaScript: the same pages, checked in a second tab.
    checker = new_context().new_page()
    for url in ("/", "/disaster/", "/disaster/index.en.html", "/disaster/index.ja-x-easy.html"):
        checker.goto(url)
        assert_no_axe_violations(checker)
