"""The FAQ API: categories, answers (list, detail, search) and the 「解決しましたか？」 vote, all
in the OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kuyakusho.faq.models import Feedback, ZeroResultQuery

pytestmark = pytest.mark.django_db


def test_the_faq_operations_are_in_the_openapi_schema(client):
    paths = json.loads(client.get("/api/openapi.json").content)["paths"]
    for path in (
        "/api/v1/faq/categories",
        "/api/v1/faq/answers",
        "/api/v1/faq/answers/{answer_id}",
        "/api/v1/faq/search",
        "/api/v1/faq/answers/{answer_id}/feedback",
    ):
        assert path in paths, path


def test_categories_with_their_answer_counts(client, answers):
    body = client.get("/api/v1/faq/categories?lang=en").json()
    assert [(c["code"], c["name"], c["answer_count"], c["department"]) for c in body] == [
        ("roads", "Roads and parks", 2, "road"),
        ("childcare", "Child-rearing", 1, "childcare"),
    ]


def test_answers_in_the_language_asked_for_or_japanese_flagged(client, answers):
    body = client.get("/api/v1/faq/answers?category=roads&lang=en").json()
    assert body["count"] == 2
    pothole = next(a for a in body["items"] if a["id"] == answers["pothole"].pk)
    assert (pothole["language"], pothole["fallback"]) == ("en", False)
    assert pothole["question"] == "There is a hole in the road"
    assert pothole["url"] == f"/faq/answers/{answers['pothole'].pk}/"
    detail = client.get(f"/api/v1/faq/answers/{answers['nursery'].pk}?lang=ko").json()
    assert (detail["language"], detail["fallback"], detail["languages"]) == ("ja", True, ["ja"])
    assert client.get("/api/v1/faq/answers?category=nope").status_code == 404
    assert client.get("/api/v1/faq/answers/99999999").status_code == 404
    assert client.get("/api/v1/faq/answers?lang=xx").status_code == 422


def test_search_finds_partial_words_and_counts_misses(client, answers):
    body = client.get("/api/v1/faq/search", {"q": "ﾌﾞﾗﾝ"}).json()
    assert [item["id"] for item in body["items"]] == [answers["playground"].pk]
    snippet = client.get("/api/v1/faq/search", {"q": "遊具"}).json()["items"][0]["snippet_html"]
    assert "<mark>遊具</mark>" in snippet
    assert client.get("/api/v1/faq/search", {"q": "ぺっとほてる"}).json()["count"] == 0
    assert ZeroResultQuery.objects.get().query == "ぺっとほてる"


def test_odd_search_input_through_the_api_is_answered_not_an_error(client, answers):
    for query in ("", "!!!???", "NEAR(", "'; DROP TABLE x; --"):
        body = client.get("/api/v1/faq/search", {"q": query}).json()
        assert (body["count"], body["items"]) == (0, []), query
    too_long = client.get("/api/v1/faq/search", {"q": "x" * 5000})
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["type"] == "string_too_long"


def test_one_vote_per_session_through_the_api(client, answers):
    url = f"/api/v1/faq/answers/{answers['pothole'].pk}/feedback"
    response = client.post(url, {"helpful": True}, content_type="application/json")
    assert response.status_code == 201
    again = client.post(url, {"helpful": False}, content_type="application/json")
    assert again.status_code == 409
    other = Client().post(
        url, {"helpful": False, "comment": "03-1234-5678"}, content_type="application/json"
    )
    assert other.status_code == 201
    assert sorted(Feedback.objects.values_list("helpful", "comment")) == [
        (False, "###"),
        (True, ""),
    ]
    too_long = Client().post(
        url, {"helpful": False, "comment": "あ" * 201}, content_type="application/json"
    )
    assert too_long.status_code == 422
    missing = Client().post(
        "/api/v1/faq/answers/999999/feedback", {"helpful": True}, content_type="application/json"
    )
    assert missing.status_code == 404
