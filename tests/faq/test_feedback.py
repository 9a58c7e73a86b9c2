"""「解決しましたか？」: one vote per session and answer, a comment stored without anything that
identifies the voter, and the self-resolution rate per answer, per category and overall (the
indicator the governance module reads)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuyakusho.core.models import AuditRecord
from kuyakusho.faq import ratelimit, selectors
from kuyakusho.faq.models import Feedback

pytestmark = pytest.mark.django_db


SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends with the form


def vote(client: Client, answer, helpful: str, comment: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/faq/answers/{answer.pk}/feedback/",
        {"helpful": helpful, "comment": comment},
        headers=SAME_ORIGIN,
    )


def test_every_answer_asks_whether_it_solved_the_problem(client, ward, answers):
    html = client.get(f"/faq/answers/{answers['nursery'].pk}/").content.decode()
    assert "この回答で解決しましたか？" in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert "最終更新日" in html and "子育て支援課" in html  # last updated and department


def test_a_vote_is_counted_once_per_session_and_answer(client, ward, answers):
    response = vote(client, answers["nursery"], "yes")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/faq/answers/{answers['nursery'].pk}/#feedback")
    page = client.get(response["Location"]).content.decode()
    assert "ご回答ありがとうございました" in page and 'name="helpful"' not in page

    vote(client, answers["nursery"], "no")  # a second vote in the same session
    assert list(Feedback.objects.values_list("helpful", flat=True)) == [True]
    vote(client, answers["pothole"], "no")  # another answer: counted
    assert Feedback.objects.count() == 2
    vote(Client(), answers["nursery"], "no")  # another session: counted
    assert Feedback.objects.filter(answer=answers["nursery"]).count() == 2


def test_the_stored_vote_identifies_nobody(resident_client, answers):
    vote(resident_client, answers["nursery"], "no", "電話 090-1234-5678 か hanako@example.jp へ")
    feedback = Feedback.objects.get()
    stored = {f.name for f in Feedback._meta.concrete_fields}
    assert stored == {"id", "answer", "helpful", "comment", "language", "created_on"}
    assert feedback.comment == "電話 ### か ***@*** へ"
    assert feedback.created_on == timezone.localdate()  # the day, not the time
    # Votes are not in the audit log either: its records carry the actor and the time.
    assert not AuditRecord.objects.filter(verb__startswith="faq.feedback").exists()
    assert (
        not AuditRecord.objects.filter(actor_id=resident_client.session["_auth_user_id"])
        .filter(verb__startswith="faq")
        .exists()
    )


def test_a_too_long_comment_is_refused_and_kept_and_nothing_is_counted(client, ward, answers):
    comment = "長いご意見です。" * 30
    response = vote(client, answers["nursery"], "no", comment)
    assert response.status_code == 400
    html = response.content.decode()
    assert "200文字以内" in html and comment in html
    assert not Feedback.objects.exists()
    assert vote(client, answers["nursery"], "no", "短く").status_code == 302  # may vote again
    assert Feedback.objects.get().comment == "短く"


def test_a_vote_sent_from_another_site_is_refused_and_not_counted(client, ward, answers):
    """The vote carries no CSRF token (so the answer page can be shared by a proxy); the
    browser's own headers say where the form was sent from (core.csrf)."""
    path = f"/faq/answers/{answers['nursery'].pk}/feedback/"
    data = {"helpful": "no", "comment": "forged"}
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another host of the same domain
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
        {},  # says nothing: refused too
    ):
        assert client.post(path, data, headers=headers).status_code == 403, headers
    assert not Feedback.objects.exists()
    for headers in ({"Origin": "http://testserver"}, {"Referer": "http://testserver/faq/"}):
        assert Client().post(path, data, headers=headers).status_code == 302, headers
    assert Feedback.objects.count() == 2
    assert (
        "csrfmiddlewaretoken"
        not in client.get(f"/faq/answers/{answers['nursery'].pk}/").content.decode()
    )


def test_a_vote_without_a_choice_is_refused(client, ward, answers):
    response = client.post(
        f"/faq/answers/{answers['nursery'].pk}/feedback/",
        {"comment": "地図がほしい"},
        headers=SAME_ORIGIN,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "「はい」か「いいえ」を選んでください。" in html and "地図がほしい" in html
    assert not Feedback.objects.exists()


def test_drafts_and_unknown_answers_take_no_votes(client, ward, answers, road_staff):
    from kuyakusho.faq import services

    services.withdraw_answer(road_staff.user, answers["pothole"])
    assert vote(client, answers["pothole"], "yes").status_code == 404
    assert (
        client.post(
            "/faq/answers/999999/feedback/", {"helpful": "yes"}, headers=SAME_ORIGIN
        ).status_code
        == 404
    )
    assert client.get(f"/faq/answers/{answers['pothole'].pk}/").status_code == 404
    assert client.get("/faq/answers/99999999999999999999999/").status_code == 404
    assert not Feedback.objects.exists()


def test_votes_from_one_address_are_rate_limited(client, ward, answers, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "feedback", [(2, 3600)])
    for _ in range(2):
        assert vote(Client(), answers["nursery"], "yes").status_code == 302
    response = vote(Client(), answers["nursery"], "yes", "keep me")
    assert response.status_code == 429 and "keep me" in response.content.decode()
    assert Feedback.objects.count() == 2


def test_rates_per_answer_per_category_and_overall(answers):
    today = timezone.localdate()

    def add(answer, helpful, days_ago=0):  # type: ignore[no-untyped-def]
        Feedback.objects.create(
            answer=answer,
            helpful=helpful,
            language="ja",
            created_on=today - timedelta(days=days_ago),
        )

    for helpful in (True, True, True, False):
        add(answers["pothole"], helpful)
    add(answers["playground"], False)
    add(answers["nursery"], True)
    add(answers["nursery"], False, days_ago=40)  # outside a 30-day period

    start = today - timedelta(days=29)
    overall = selectors.self_resolution_rate(start, today)
    assert (overall.helpful, overall.not_helpful, overall.total) == (4, 2, 6)
    assert overall.rate == pytest.approx(4 / 6) and overall.percent == "66.7%"
    assert selectors.self_resolution_rate().total == 7  # unbounded: every vote

    by_category = {
        r.category.code: r.resolution for r in selectors.resolution_by_category(start, today)
    }
    assert (by_category["roads"].helpful, by_category["roads"].total) == (3, 5)
    assert by_category["roads"].rate == pytest.approx(0.6)
    assert (by_category["childcare"].helpful, by_category["childcare"].total) == (1, 1)

    by_answer = selectors.resolution_by_answer(start, today)
    assert [(r.answer.pk, r.resolution.percent) for r in by_answer] == [
        (answers["playground"].pk, "0.0%"),  # lowest first: these need rewriting
        (answers["pothole"].pk, "75.0%"),
        (answers["nursery"].pk, "100.0%"),
    ]
    assert selectors.self_resolution_rate(today, today - timedelta(days=1)).rate is None


def test_the_staff_report_shows_counts_and_rates(road_client, answers):
    today = timezone.localdate()
    for helpful in (True, False, False, False):
        Feedback.objects.create(
            answer=answers["pothole"],
            helpful=helpful,
            language="ja",
            created_on=today,
            comment="場所がわかりにくい" if not helpful else "",
        )
    html = road_client.get("/staff/faq/reports/resolution/").content.decode()
    assert "25.0%" in html and "道路・公園" in html and "道路に穴があいています" in html
    assert "場所がわかりにくい" in html
    html = road_client.get(
        "/staff/faq/reports/resolution/", {"category": "childcare"}
    ).content.decode()
    assert "道路に穴があいています</a></th>" not in html


def test_staff_without_report_rights_and_residents_cannot_read_reports(
    resident_client, departments, ward
):
    from ..conftest import make_staff, sign_in

    viewer = sign_in(Client(), make_staff("viewer@example.jp", departments["road"], "staff"))
    assert viewer.get("/staff/faq/reports/resolution/").status_code == 403
    assert resident_client.get("/staff/faq/reports/resolution/").status_code == 403
