"""FAQ fixtures: two categories (road and childcare departments) and published answers made
the way the demo makes them, indexed into core.search."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.faq import services
from kuyakusho.faq.models import Answer, AnswerStatus, AnswerTranslation, Category

from ..conftest import sign_in


@pytest.fixture
def categories(departments) -> dict[str, Category]:
    return {
        "roads": Category.objects.create(
            code="roads",
            name_ja="道路・公園",
            name_en="Roads and parks",
            department=departments["road"],
            sort_order=1,
        ),
        "childcare": Category.objects.create(
            code="childcare",
            name_ja="子育て",
            name_en="Child-rearing",
            department=departments["childcare"],
            sort_order=2,
        ),
    }


def make_answer(category, texts, *, keywords="", department=None, published=True) -> Answer:
    answer = Answer.objects.create(
        category=category,
        department=department or category.department,
        status=AnswerStatus.PUBLISHED if published else AnswerStatus.DRAFT,
        keywords=keywords,
    )
    for language, (question, body) in texts.items():
        AnswerTranslation.objects.create(
            answer=answer, language=language, question=question, body=body
        )
    services.index_answer(answer)
    return answer


@pytest.fixture
def answers(categories) -> dict[str, Answer]:
    return {
        "pothole": make_answer(
            categories["roads"],
            {
                "ja": (
                    "道路に穴があいています",
                    "区道の穴やひび割れは、場所をお知らせください。危険なときは電話でご連絡ください。",
                ),
                "en": (
                    "There is a hole in the road",
                    "Tell us where the hole in the ward road is. If it is dangerous, phone us.",
                ),
            },
            keywords="どうろ あな かんぼつ",
        ),
        "nursery": make_answer(
            categories["childcare"],
            {"ja": ("保育園に入りたい", "保育園の入園は区に申し込みます。")},
            keywords="ほいくえん にゅうえん",
        ),
        "playground": make_answer(
            categories["roads"],
            {"ja": ("公園のブランコが壊れています", "公園の名前と遊具の場所をお知らせください。")},
        ),
    }


@pytest.fixture
def childcare_client(childcare_staff) -> Client:
    return sign_in(Client(), childcare_staff)
