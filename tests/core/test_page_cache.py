"""Page cache for anonymous visitors (core.page_cache): what a visitor relies on is that a
cached page is the page they would have got — in their language, with their own CSRF token,
never someone's signed-in view — and that a change made through the services shows at once."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client

from kuyakusho.faq import services as faq_services
from kuyakusho.faq.models import Category, ZeroResultQuery

from ..conftest import sign_in
from ..faq.conftest import make_answer

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def answer(ward, departments):  # type: ignore[no-untyped-def]
    roads = Category.objects.create(
        code="roads", name_ja="道路・公園", name_en="Roads", department=departments["road"]
    )
    texts = {"ja": ("道路に穴があいています", "場所をお知らせください。")}
    return make_answer(roads, texts)


def test_second_anonymous_visit_is_served_from_the_cache_without_database_work(
    ward, django_assert_num_queries
):
    first = Client().get("/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "ja"
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"
    head = Client().head("/")
    assert head.status_code == 200 and head["X-Cache"] == "hit"


def test_signed_in_people_never_get_the_cached_page_and_never_fill_it(ward, resident, road_staff):
    anonymous = Client().get("/").content.decode()
    assert "ログアウト" not in anonymous and 'href="/staff/"' not in anonymous
    resident_page = sign_in(Client(), resident).get("/")
    staff_page = sign_in(Client(), road_staff).get("/")
    for response in (resident_page, staff_page):
        assert response["X-Cache"] == "bypass"
        assert "ログアウト" in response.content.decode()
    assert 'href="/staff/"' in staff_page.content.decode()  # the staff member's own view
    after = Client().get("/")
    assert after["X-Cache"] == "hit"
    assert after.content.decode() == anonymous


def test_each_language_and_display_choice_is_cached_apart(ward):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/")
    japanese = Client(HTTP_ACCEPT_LANGUAGE="ja").get("/")
    assert english["X-Cache"] == japanese["X-Cache"] == "miss"
    assert english["Content-Language"] == "en" and japanese["Content-Language"] == "ja"
    assert '<html lang="en"' in english.content.decode()

    again = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get("/")
    assert again["X-Cache"] == "hit" and again.content == english.content
    # The language chosen with the switcher wins over the browser's header, in the cache too.
    chosen = Client(HTTP_ACCEPT_LANGUAGE="en")
    chosen.cookies["kuyakusho_language"] = "ja"
    assert chosen.get("/").content == japanese.content

    large = Client()
    large.cookies["kuyakusho_text_size"] = "large"
    response = large.get("/")
    assert response["X-Cache"] == "miss" and 'class="text-large' in response.content.decode()


def test_pages_with_a_form_give_every_visitor_their_own_working_csrf_token(ward, answer):
    path = "/faq/inquiry/"
    first = Client(enforce_csrf_checks=True)
    first_page = first.get(path)
    assert first_page["X-Cache"] == "miss"
    first_token = TOKEN.search(first_page.content.decode()).group(1)

    second = Client(enforce_csrf_checks=True)
    second_page = second.get(path)
    assert second_page["X-Cache"] == "hit"
    html = second_page.content.decode()
    second_token = TOKEN.search(html).group(1)
    assert first_token not in html and second_token != first_token
    assert "csrftoken" in second_page.cookies  # the secret that matches the new token
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value

    # Someone else's token does not work with this visitor's cookie; their own does (the
    # empty form then comes back with its errors).
    refused = second.post(path, {"csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403
    checked = second.post(path, {"csrfmiddlewaretoken": second_token})
    assert checked.status_code == 400 and "入力内容を確認してください" in checked.content.decode()


def test_a_returning_visitor_keeps_their_csrf_cookie(ward, answer):
    path = "/faq/inquiry/"
    Client().get(path)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/faq/")  # no form: no cookie yet
    visitor.get(path)
    secret = visitor.cookies["csrftoken"].value
    page = visitor.get(path)
    assert page["X-Cache"] == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert visitor.cookies["csrftoken"].value == secret
    assert visitor.post(path, {"csrfmiddlewaretoken": token}).status_code == 400


def test_an_answer_page_is_the_same_for_every_visitor_until_they_vote(ward, answer):
    path = f"/faq/answers/{answer.pk}/"
    first = Client().get(path)
    second = Client().get(path)
    assert second["X-Cache"] == "hit" and second.content == first.content
    assert second["Cache-Control"] == "max-age=0, s-maxage=5"  # a proxy may share it
    assert not second.cookies
    # Having voted, this visitor has a session: they see their thanks, not the cached form.
    voter = Client()
    response = voter.post(
        f"{path}feedback/", {"helpful": "yes"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 302
    own = voter.get(path)
    assert own["X-Cache"] == "bypass" and 'name="helpful"' not in own.content.decode()
    assert "Cache-Control" not in own or "s-maxage" not in own["Cache-Control"]
    assert 'name="helpful"' in Client().get(path).content.decode()


def test_a_withdrawn_answer_disappears_at_once(
    ward, answer, road_staff, django_capture_on_commit_callbacks
):
    path = f"/faq/answers/{answer.pk}/"
    Client().get(path)
    assert Client().get(path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        faq_services.withdraw_answer(road_staff.user, answer)
    assert Client().get(path).status_code == 404


def test_reads_and_sign_ins_in_the_audit_log_keep_the_cache(ward):
    from kuyakusho.core.page_cache import invalidate_on_audit

    Client().get("/")

    class Record:
        verb = "faq.inquiry.personal_data_read"

    invalidate_on_audit(Record())
    Record.verb = "accounts.login_failed"
    invalidate_on_audit(Record())
    assert Client().get("/")["X-Cache"] == "hit"
    Record.verb = "disaster.alert.published"
    invalidate_on_audit(Record())
    assert Client().get("/")["X-Cache"] == "miss"


def test_searches_that_find_nothing_are_still_counted_every_time(ward, answer):
    for _ in range(2):
        response = Client().get("/faq/search/", {"q": "存在しない言葉"})
        assert response["X-Cache"] == "bypass"
    assert ZeroResultQuery.objects.get().count == 2


def test_personal_paths_other_cookies_and_writes_are_never_cached(ward, resident):
    for path in ("/healthz", "/accounts/login/", "/mypage/", "/api/docs", "/notifications/"):
        Client().get(path)
        assert Client().get(path).get("X-Cache") != "hit", path
    with_message = Client()
    with_message.cookies["messages"] = "something"
    Client().get("/")
    assert with_message.get("/")["X-Cache"] == "bypass"
    assert Client().post("/search/")["X-Cache"] == "bypass"
    token = Client(HTTP_AUTHORIZATION="Bearer x").get("/")
    assert token["X-Cache"] == "bypass"


def test_odd_requests_get_the_normal_answer_never_a_500(ward):
    assert Client().get("/", HTTP_HOST="evil.example").status_code == 400
    for query in ("<script>alert(1)</script>", "%" * 500, "\u3000", "は"):
        first = Client().get("/search/", {"q": query})
        second = Client().get("/search/", {"q": query})
        assert first.status_code < 500 and second.status_code == first.status_code
        assert "<script>alert(1)</script>" not in second.content.decode()
    assert Client().get("/no-such-page/").status_code == 404
    assert Client().get("/no-such-page/").get("X-Cache") == "bypass"


def test_turned_off_it_adds_nothing(ward, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert "X-Cache" not in Client().get("/")
