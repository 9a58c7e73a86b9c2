"""/search/: one box over everything the site publishes, filters by kind, each document once
in the reader's language, and helpful answers to queries that cannot mean anything."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.core.search import index_document


def _get(client: Client, **params: str):  # type: ignore[no-untyped-def]
    return client.get("/search/", params)


def test_partial_word_finds_pages_and_notices_ranked_with_kinds(portal):
    response = _get(Client(), q="防災")
    assert response.status_code == 200
    html = response.content.decode()
    assert "区民防災訓練の参加者募集（サンプル）" in html
    assert "防災・安全" in html
    counts = response.context["results"].counts
    assert counts["notice"] >= 1 and counts["page"] >= 1
    only_notices = _get(Client(), q="防災", type="notice").context["results"]
    assert {hit.doc_type for hit in only_notices.hits} == {"notice"}


def test_katakana_and_width_variants_match(portal):
    assert _get(Client(), q="ゴミ").context["results"].total >= 1
    assert _get(Client(), q="ｺﾞﾐ").context["results"].total >= 1


def test_each_document_once_in_the_readers_language(portal):
    english = Client()
    english.get("/lang/en/")
    hits = _get(english, q="sample").context["results"].hits
    keys = [(h.doc_type, h.object_key) for h in hits]
    assert len(keys) == len(set(keys))
    japanese_query = _get(english, q="住民票").context["results"].hits
    assert japanese_query[0].title == "Requesting a copy of your residence record (sample)"
    assert _get(Client(), q="住民票").context["results"].hits[0].title.startswith("住民票")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("の", "「の」「は」のような言葉だけでは検索できません"),
        ("は が", "「の」「は」のような言葉だけでは検索できません"),
        ("!!! ???", "記号だけでは検索できません"),
    ],
)
def test_meaningless_queries_are_explained_and_kept(portal, query, message):
    response = _get(Client(), q=query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert response.context["results"].hits == []


def test_very_long_and_odd_input_never_fails(portal):
    assert _get(Client(), q="住民" * 2000).status_code == 200
    assert _get(Client(), q="住民", page="abc").status_code == 200
    assert _get(Client(), q="住民", page="99999").context["results"].page == 1
    assert _get(Client(), q="住民", type="<script>").status_code == 200
    assert "<script>" not in _get(Client(), q="<script>alert(1)</script>").content.decode()


def test_results_are_paged(portal):
    for number in range(45):
        index_document(
            "page", f"extra-{number}", "ja", f"検索試験のページ {number}", "本文", f"/x/{number}/"
        )
    first = _get(Client(), q="検索試験").context["results"]
    assert (first.total, first.pages, len(first.hits)) == (45, 3, 20)
    last = _get(Client(), q="検索試験", page="3").context["results"]
    assert len(last.hits) == 5
