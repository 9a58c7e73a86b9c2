"""FAQ API: categories, published answers (list, detail, search) and the 「解決しましたか？」 vote.

Texts come in the language asked for with `lang` (else the request's language) or, when an
answer lacks it, in Japanese with `fallback: true`."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from . import ratelimit, selectors, services
from .models import Answer, Category
from .texts import text_for

router = Router(tags=["faq"])

LanguageCode = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # type: ignore[valid-type]
MAX_ID = 2**53 - 1  # ids beyond this exist in no table; refused before reaching the database


class ErrorOut(Schema):
    detail: str


class CategoryOut(Schema):
    code: str
    name: str
    name_ja: str
    name_en: str
    description: str
    department: str = Field(..., description="code of the department inquiries go to")
    answer_count: int
    url: str


class AnswerOut(Schema):
    id: int
    category: str
    department: str = Field(..., description="code of the responsible department")
    department_name: str
    language: str = Field(..., description="language of question and answer")
    fallback: bool = Field(..., description="the language asked for is missing: Japanese is given")
    languages: list[str] = Field(..., description="languages this answer is written in")
    question: str
    answer: str
    updated_at: datetime
    url: str


class AnswerListOut(Schema):
    count: int
    items: list[AnswerOut]


class SearchHitOut(AnswerOut):
    snippet_html: str = Field(..., description="escaped text with the matched words in <mark>")


class SearchOut(Schema):
    words: list[str] = Field(..., description="the normalised words searched for")
    count: int
    items: list[SearchHitOut]


class FeedbackIn(Schema):
    helpful: bool
    comment: str = Field("", max_length=services.COMMENT_MAX)


class FeedbackOut(Schema):
    status: str


def _language(lang: str | None) -> str:
    return lang or translation.get_language() or settings.LANGUAGE_CODE


def _category_out(category: Category, language: str) -> dict:
    return {
        "code": category.code,
        "name": category.display_name(language),
        "name_ja": category.name_ja,
        "name_en": category.name_en,
        "description": category.display_description(language),
        "department": category.department.code,
        "answer_count": getattr(category, "answer_count", 0),
        "url": reverse("faq:category", args=[category.code]),
    }


def _answer_out(answer: Answer, language: str) -> dict:
    text = text_for(answer, language)
    return {
        "id": answer.pk,
        "category": answer.category.code,
        "department": answer.department.code,
        "department_name": answer.department.display_name(language),
        "language": text.language,
        "fallback": text.fallback,
        "languages": sorted(t.language for t in answer.translations.all()),
        "question": text.question,
        "answer": text.body,
        "updated_at": answer.updated_at,
        "url": services.answer_url(answer),
    }


@router.get("/faq/categories", response=list[CategoryOut], summary="FAQ categories, in order")
def list_categories(request: HttpRequest, lang: LanguageCode | None = None) -> list[dict]:
    language = _language(lang)
    categories = selectors.categories_with_counts().select_related("department")
    return [_category_out(c, language) for c in categories]


@router.get(
    "/faq/answers",
    response={200: AnswerListOut, 404: ErrorOut},
    summary="Published answers, optionally of one category",
)
def list_answers(
    request: HttpRequest,
    category: str | None = Query(None, max_length=40),
    lang: LanguageCode | None = None,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> dict:
    language = _language(lang)
    answers = selectors.published_answers()
    if category:
        chosen = Category.objects.filter(code=category).first()
        if chosen is None:
            raise HttpError(404, "unknown category")
        answers = answers.filter(category=chosen)
    answers = answers.select_related("category", "department").prefetch_related("translations")
    page = answers.order_by("category__sort_order", "sort_order", "pk")[offset : offset + limit]
    return {"count": answers.count(), "items": [_answer_out(a, language) for a in page]}


@router.get(
    "/faq/answers/{answer_id}",
    response={200: AnswerOut, 404: ErrorOut},
    summary="One published answer",
)
def answer_detail(
    request: HttpRequest,
    answer_id: int = Path(..., ge=1, le=MAX_ID),
    lang: LanguageCode | None = None,
) -> dict:
    try:
        answer = selectors.published_answer(answer_id)
    except Answer.DoesNotExist:
        raise HttpError(404, "no published answer with this id") from None
    return _answer_out(answer, _language(lang))


@router.get(
    "/faq/search",
    response=SearchOut,
    summary="Search published answers (partial words, 全角/半角, カナ/かな, readings)",
)
def search_answers(
    request: HttpRequest, q: str = Query(..., max_length=1000), lang: LanguageCode | None = None
) -> dict:
    language = _language(lang)
    result = services.search_faq(q, language)
    items = [
        {**_answer_out(hit.answer, language), "snippet_html": str(hit.snippet)}
        for hit in result.hits
    ]
    return {"words": list(result.words), "count": len(items), "items": items}


@router.post(
    "/faq/answers/{answer_id}/feedback",
    response={201: FeedbackOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="「解決しましたか？」: one vote per session and answer; the comment is stored "
    "without anything that identifies the voter (phone numbers and addresses are redacted)",
)
def feedback(
    request: HttpRequest, data: FeedbackIn, answer_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status:
    try:
        answer = selectors.published_answer(answer_id)
    except Answer.DoesNotExist:
        raise HttpError(404, "no published answer with this id") from None
    if not ratelimit.allow(request, "feedback"):
        raise HttpError(429, "too many votes from this address; try again later")
    vote = services.Vote(data.helpful, data.comment)
    try:
        services.record_feedback(request.session, answer, vote, _language(None))
    except services.AlreadyVotedError:
        raise HttpError(409, "this session has already voted on this answer") from None
    except ValidationError as error:
        raise HttpError(422, " ".join(str(m) for m in error.messages)) from None
    return Status(201, {"status": "recorded"})
