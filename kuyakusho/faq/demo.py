"""Sample FAQ for the demo: categories, about thirty answers (some in English, やさしい日本語,
Chinese or Korean, the rest in Japanese only, so the fallback note shows), a few votes, and a
few inquiries in different states so the inbox and the response-time page have something to
show. Idempotent: nothing is added when FAQ answers exist already."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kuyakusho.core.models import Department

from . import services
from .demo_content import (
    ANSWERS,
    CATEGORIES,
    EXTRA_DEPARTMENTS,
    INQUIRIES,
    SAMPLE_NOTE,
    SAMPLE_NOTE_EASY,
    SAMPLE_NOTE_EN,
)
from .models import (
    Answer,
    AnswerStatus,
    AnswerTranslation,
    Category,
    Feedback,
    Inquiry,
    InquiryReply,
    InquiryStatus,
)
from .services_inquiries import new_reference

NOTES = {"ja": SAMPLE_NOTE, "ja-x-easy": SAMPLE_NOTE_EASY}


def _note(language: str) -> str:
    return NOTES.get(language, SAMPLE_NOTE_EN)


@transaction.atomic
def load(ward: Any) -> None:
    for code, name, name_en, division in EXTRA_DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name_ja": name, "name_en": name_en, "division_ja": division}
        )
    departments = {d.code: d for d in Department.objects.all()}
    categories = {}
    for order, (code, name, name_en, department, description, description_en) in enumerate(
        CATEGORIES
    ):
        categories[code], _created = Category.objects.get_or_create(
            code=code,
            defaults={
                "name_ja": name,
                "name_en": name_en,
                "description_ja": description,
                "description_en": description_en,
                "department": departments[department],
                "sort_order": order * 10,
            },
        )
    if Answer.objects.exists():
        return
    now = timezone.now()
    answers = []
    for order, (code, keywords, texts) in enumerate(ANSWERS):
        category = categories[code]
        answer = Answer.objects.create(
            category=category,
            department=category.department,
            status=AnswerStatus.PUBLISHED,
            keywords=keywords,
            sort_order=order,
            updated_at=now - timedelta(days=order),
            published_at=now - timedelta(days=order),
        )
        for language, (question, body) in texts.items():
            AnswerTranslation.objects.create(
                answer=answer, language=language, question=question, body=_note(language) + body
            )
        answers.append(answer)
    _load_votes(answers)
    _load_inquiries(categories, answers)
    services.reindex_all()


def _load_votes(answers: list[Answer]) -> None:
    """A handful of votes so the self-resolution report is not empty."""
    today = timezone.localdate()
    for index, answer in enumerate(answers[:12]):
        for day in range(index % 4 + 1):
            Feedback.objects.create(
                answer=answer,
                helpful=(index + day) % 3 != 0,
                language="ja",
                created_on=today - timedelta(days=day),
            )


def _load_inquiries(categories: dict[str, Category], answers: list[Answer]) -> None:
    from kuyakusho.accounts.models import StaffMembership

    now = timezone.now()
    for index, (code, subject, body, hours, closed) in enumerate(INQUIRIES):
        category = categories[code]
        received = now - timedelta(days=3 + index)
        inquiry = Inquiry.objects.create(
            reference=new_reference(),
            department=category.department,
            category=category,
            subject=subject,
            body=body,
            name="",
            email=f"sample.inquiry{index + 1}@example.jp",
            language="ja",
            received_at=received,
        )
        if hours is None:
            continue
        author = (
            StaffMembership.objects.filter(department=category.department)
            .select_related("user")
            .first()
        )
        author = author.user if author else None
        if author is None:  # no demo staff in this department: the reply needs an author
            continue
        replied = received + timedelta(hours=hours)
        InquiryReply.objects.create(
            inquiry=inquiry,
            author=author,
            body="【サンプル】お問い合わせありがとうございます。サンプルの回答です。",
            sent_at=replied,
        )
        inquiry.first_replied_at = replied
        inquiry.status = InquiryStatus.ANSWERED
        if closed:
            inquiry.status, inquiry.closed_at = InquiryStatus.CLOSED, replied + timedelta(hours=2)
        inquiry.save()
