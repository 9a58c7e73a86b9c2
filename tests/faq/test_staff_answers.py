"""Back office: staff write answers for their own departments in several languages, publish
and withdraw them (search follows), categories are managed by administrators, and residents
see "last updated", the department and a note when their language is missing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kuyakusho.core.models import AuditRecord
from kuyakusho.faq import selectors, services
from kuyakusho.faq.models import Answer, AnswerStatus, Category

pytestmark = pytest.mark.django_db


def answer_form(category, department, **extra) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "category": category.pk,
        "department": department.pk,
        "keywords": "がいろとう でんき",
        "sort_order": 10,
        "question_ja": "街路灯が消えています",
        "body_ja": "場所をお知らせください。\n電柱の番号もあれば助かります。",
        "question_en": "A street light is out",
        "body_en": "Tell us where it is.",
    }
    data.update(extra)
    return data


def test_staff_write_publish_and_withdraw_an_answer(road_client, categories, departments, client):
    response = road_client.post(
        "/staff/faq/answers/new/", answer_form(categories["roads"], departments["road"])
    )
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.status == AnswerStatus.DRAFT
    assert client.get(f"/faq/answers/{answer.pk}/").status_code == 404  # drafts are not public
    assert selectors.search_answers("がいろとう", "ja").hits == []

    road_client.post(f"/staff/faq/answers/{answer.pk}/publish/")
    page = client.get(f"/faq/answers/{answer.pk}/").content.decode()
    assert "街路灯が消えています" in page and "電柱の番号" in page
    assert [h.answer.pk for h in selectors.search_answers("がいろとう", "ja").hits] == [answer.pk]

    road_client.post(f"/staff/faq/answers/{answer.pk}/withdraw/")
    assert client.get(f"/faq/answers/{answer.pk}/").status_code == 404
    assert selectors.search_answers("街路灯", "ja").hits == []
    verbs = list(
        AuditRecord.objects.filter(target_id=str(answer.pk), verb__startswith="faq.answer")
        .order_by("sequence")
        .values_list("verb", flat=True)
    )
    assert verbs == ["faq.answer.saved", "faq.answer.published", "faq.answer.withdrawn"]


def test_editing_a_published_answer_refreshes_search_and_drops_a_removed_language(
    road_client, road_staff, categories, departments
):
    road_client.post(
        "/staff/faq/answers/new/", answer_form(categories["roads"], departments["road"])
    )
    answer = Answer.objects.get()
    services.publish_answer(road_staff.user, answer)
    road_client.post(
        f"/staff/faq/answers/{answer.pk}/",
        answer_form(
            categories["roads"],
            departments["road"],
            question_ja="防犯灯が消えています",
            question_en="",
            body_en="",
        ),
    )
    assert selectors.search_answers("街路灯", "ja").hits == []
    assert [h.answer.pk for h in selectors.search_answers("防犯灯", "ja").hits] == [answer.pk]
    assert selectors.search_answers("street light", "en").hits == []
    assert set(answer.translations.values_list("language", flat=True)) == {"ja"}


def test_japanese_is_required_and_the_form_keeps_what_was_typed(
    road_client, categories, departments
):
    response = road_client.post(
        "/staff/faq/answers/new/",
        answer_form(categories["roads"], departments["road"], question_ja="", body_ja=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A street light is out" in html and "がいろとう でんき" in html
    assert not Answer.objects.exists()


def test_a_question_with_a_line_break_is_refused(road_client, categories, departments):
    response = road_client.post(
        "/staff/faq/answers/new/",
        answer_form(categories["roads"], departments["road"], question_ja="街路灯\nが消えた"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "質問に改行や制御文字は使えません。" in html
    assert "A street light is out" in html  # the other fields are kept
    assert not Answer.objects.exists()


def test_staff_cannot_write_or_publish_for_another_department(
    road_client, road_staff, childcare_client, categories, departments, answers
):
    nursery = answers["nursery"]  # the childcare department's answer
    assert road_client.get(f"/staff/faq/answers/{nursery.pk}/").status_code == 403
    response = road_client.post(
        f"/staff/faq/answers/{nursery.pk}/",
        answer_form(categories["childcare"], departments["road"], question_ja="乗っ取り"),
    )
    assert response.status_code == 403
    assert road_client.post(f"/staff/faq/answers/{nursery.pk}/withdraw/").status_code == 403
    nursery.refresh_from_db()
    assert nursery.status == AnswerStatus.PUBLISHED
    assert nursery.translations.get(language="ja").question == "保育園に入りたい"
    # Choosing another department in the form is refused too: it is not among the choices.
    response = road_client.post(
        "/staff/faq/answers/new/", answer_form(categories["roads"], departments["childcare"])
    )
    assert response.status_code == 400 and not Answer.objects.filter(keywords__contains="がいろ")
    with pytest.raises(PermissionDenied):
        services.save_answer(
            road_staff.user,
            category=categories["roads"],
            department=departments["childcare"],
            texts={"ja": ("質問", "回答")},
        )
    # Its own department's staff can.
    own = childcare_client.get(f"/staff/faq/answers/{nursery.pk}/").content.decode()
    assert 'value="保育園に入りたい"' in own


def test_the_staff_list_shows_only_the_departments_answers(road_client, answers):
    html = road_client.get("/staff/faq/").content.decode()
    assert "道路に穴があいています" in html and "保育園に入りたい" not in html


def test_categories_are_managed_by_administrators_only(road_client, departments, ward):
    from django.test import Client

    from ..conftest import make_staff, sign_in

    assert road_client.get("/staff/faq/categories/").status_code == 403
    admin = sign_in(Client(), make_staff("admin@example.jp", departments["publicity"], "admin"))
    response = admin.post(
        "/staff/faq/categories/",
        {
            "code": "garbage",
            "name_ja": "ごみ",
            "name_en": "Waste",
            "department": departments["parks"].pk,
            "sort_order": 5,
        },
    )
    assert response.status_code == 302
    assert Category.objects.get(code="garbage").department == departments["parks"]
    bad = admin.post("/staff/faq/categories/", {"code": "ゴミ", "name_ja": "ごみ2"})
    assert bad.status_code == 400 and 'value="ごみ2"' in bad.content.decode()


def test_an_answer_page_shows_the_department_and_the_last_update(client, ward, answers):
    answer = answers["pothole"]
    html = client.get(f"/faq/answers/{answer.pk}/").content.decode()
    assert "道路課" in html and "最終更新日" in html
    assert f'datetime="{answer.updated_at.astimezone().isoformat()[:10]}' in html


def test_a_missing_language_falls_back_to_japanese_with_a_note(client, ward, answers):
    client.cookies["kuyakusho_language"] = "en"
    english = client.get(f"/faq/answers/{answers['pothole'].pk}/").content.decode()
    assert "There is a hole in the road" in english and "faq-note" not in english
    japanese_only = client.get(f"/faq/answers/{answers['nursery'].pk}/").content.decode()
    assert "保育園に入りたい" in japanese_only
    assert (
        'class="faq-note" role="note"' in japanese_only
        and '<article class="faq-answer" lang="ja">' in japanese_only
    )


def test_the_public_pages_list_categories_and_questions(client, ward, answers, categories):
    index = client.get("/faq/").content.decode()
    assert 'href="/faq/categories/roads/"' in index and 'href="/faq/categories/childcare/"' in index
    roads = client.get("/faq/categories/roads/").content.decode()
    assert "道路に穴があいています" in roads and "保育園に入りたい" not in roads
    assert client.get("/faq/categories/no-such/").status_code == 404
