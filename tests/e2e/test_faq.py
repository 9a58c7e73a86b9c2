"""The FAQ as a resident meets it in a browser, in Japanese and English, with the keyboard alone:
searching a partial Japanese word, opening the answer and marking it helpful; not being helped
and sending an inquiry after correcting a field error, with the confirmation arriving through
a real SMTP server. axe checks every public FAQ and inquiry page; the core path works without
JavaScript."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from kuyakusho.faq.models import Feedback, Inquiry
from tests.faq import conftest as faq_fixtures

from .axe import assert_no_axe_violations
from .flows import HTML_LANG, choose_language
from .keyboard import assert_focus_visible, press_enter, tab_to, type_into

pytestmark = pytest.mark.e2e

# The FAQ suite's fixtures: 道路・公園 and 子育て, and three published answers.
categories = faq_fixtures.categories
answers = faq_fixtures.answers

SEARCH_BUTTON = "form.faq-search button[type=submit]"
SEND_BUTTON = "main form.stack button[type=submit]"


def in_language(language: str, source: str) -> str:
    """The interface text as the compiled catalogue renders it (translations may lag)."""
    with translation.override(language):
        return translation.gettext(source)


def expect_heading(page, language: str, source: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    expect(page.locator("main h1")).to_have_text(in_language(language, source))


def search_with_keyboard(page, words: str) -> None:  # type: ignore[no-untyped-def]
    type_into(page, "#faq-q", words)
    tab_to(page, SEARCH_BUTTON)
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_a_partial_word_finds_the_answer_which_is_marked_helpful(
    page, ward, answers, language
):
    nursery = answers["nursery"]
    page.goto("/faq/")
    choose_language(page, language)
    expect_heading(page, language, "よくある質問")
    assert_no_axe_violations(page)

    search_with_keyboard(page, "保育")  # part of 保育園
    expect(page).to_have_url(re.compile(r"/faq/search/\?q="))
    expect_heading(page, language, "よくある質問の検索結果")
    results = page.locator("main ol.faq-list > li")
    expect(results).to_have_count(1)
    expect(results.locator("mark").first).to_have_text("保育")
    assert_no_axe_violations(page)

    tab_to(page, f'main ol.faq-list a[href="/faq/answers/{nursery.pk}/"]')
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page.locator("main h1")).to_have_text("保育園に入りたい")
    # This answer exists in Japanese only: English readers are told so.
    expect(page.locator(".faq-note")).to_have_count(0 if language == "ja" else 1)
    assert_no_axe_violations(page)

    tab_to(page, 'button[name="helpful"][value="yes"]')
    assert_focus_visible(page)
    with page.expect_navigation():
        press_enter(page)
    expect(page).to_have_url(re.compile(rf"/faq/answers/{nursery.pk}/#feedback$"))
    expect(page.locator(".messages")).to_contain_text(
        in_language(language, "ご回答ありがとうございました。")
    )
    expect(page.locator('button[name="helpful"]')).to_have_count(0)  # one vote per session
    assert_no_axe_violations(page)
    vote = Feedback.objects.get()
    assert (vote.answer_id, vote.helpful, vote.comment) == (nursery.pk, True, "")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_keyboard_only_a_resident_not_helped_sends_an_inquiry_after_fixing_a_field(
    page, ward, answers, smtp_server, language
):
    pothole = answers["pothole"]
    page.goto(f"/faq/answers/{pothole.pk}/")
    choose_language(page, language)
    type_into(page, "#id_comment", "場所の伝え方がわかりません")
    tab_to(page, 'button[name="helpful"][value="no"]')
    with page.expect_navigation():
        press_enter(page)
    assert Feedback.objects.get().helpful is False

    tab_to(page, f'a[href="/faq/inquiry/?answer={pothole.pk}"]')
    with page.expect_navigation():
        press_enter(page)
    expect_heading(page, language, "お問い合わせ")
    expect(page.locator("#id_category")).to_have_value(str(pothole.category_id))
    assert_no_axe_violations(page)

    type_into(page, "#id_subject", "歩道の穴")
    type_into(page, "#id_body", "駅前の歩道に穴があります。")
    type_into(page, "#id_email", "hanako@example")  # the domain is cut short
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, SEND_BUTTON)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        press_enter(page)
    assert sent.value.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text(
        in_language(language, "メールアドレスの形式が正しくありません（例: hanako@example.jp）。")
    )
    expect(summary.locator("a[href='#id_email']")).to_be_visible()
    expect(page.locator("#id_subject")).to_have_value("歩道の穴")
    expect(page.locator("#id_body")).to_have_value("駅前の歩道に穴があります。")
    expect(page.locator("#id_email")).to_have_value("hanako@example")
    expect(page.locator("#id_consent")).to_be_checked()
    assert_no_axe_violations(page)
    assert not Inquiry.objects.exists()

    type_into(page, "#id_email", "hanako@example.jp", replace=True)
    tab_to(page, SEND_BUTTON)
    with page.expect_navigation():
        press_enter(page)
    expect_heading(page, language, "お問い合わせを受け付けました")
    inquiry = Inquiry.objects.get()
    expect(page.locator(".reference")).to_have_text(inquiry.reference)
    assert_no_axe_violations(page)
    assert inquiry.department == pothole.department and inquiry.answer == pothole
    assert inquiry.language == language

    mail = smtp_server.wait_for(1)[0]
    assert mail["To"] == "hanako@example.jp" and inquiry.reference in mail["Subject"]
    assert "駅前の歩道" not in mail.get_body(("plain",)).get_content()


PUBLIC_PAGES = {
    "index": lambda a: "/faq/",
    "category": lambda a: "/faq/categories/roads/",
    "answer (translated)": lambda a: f"/faq/answers/{a['pothole'].pk}/",
    "answer (Japanese only)": lambda a: f"/faq/answers/{a['nursery'].pk}/",
    "search with results": lambda a: "/faq/search/?q=%E3%83%96%E3%83%A9%E3%83%B3",  # ブラン
    "search without results": lambda a: "/faq/search/?q=zzzz",
    "search without words": lambda a: "/faq/search/?q=",
    "inquiry form": lambda a: f"/faq/inquiry/?answer={a['pothole'].pk}",
}


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_faq_page_has_no_wcag_violations(page, ward, answers, name, language):
    path = PUBLIC_PAGES[name](answers)
    response = page.goto(path)
    assert response.status == 200
    choose_language(page, language)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_error_states_have_no_wcag_violations(page, ward, answers, language):
    page.goto(f"/faq/answers/{answers['pothole'].pk}/")
    choose_language(page, language)
    page.locator("#id_comment").fill("長すぎるご意見" * 40)
    with page.expect_navigation():
        page.locator('button[name="helpful"][value="no"]').click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/faq/inquiry/")
    with page.expect_navigation():
        page.locator(SEND_BUTTON).click()
    expect(page.locator("#error-summary li")).to_have_count(5)
    assert_no_axe_violations(page)


def test_voting_and_sending_an_inquiry_work_without_javascript(new_context, ward, answers):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/faq/answers/{answers['playground'].pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="いいえ、解決しません").click()
    assert Feedback.objects.get().helpful is False
    with page.expect_navigation():
        page.get_by_role("link", name="お問い合わせフォームへ").click()
    page.locator("#id_subject").fill("ブランコ")
    page.locator("#id_body").fill("鎖が切れています。")
    page.locator("#id_email").fill("taro@example.jp")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator(SEND_BUTTON).click()
    expect_heading(page, "ja", "お問い合わせを受け付けました")
    assert Inquiry.objects.get().department == answers["playground"].department
