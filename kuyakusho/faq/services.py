"""FAQ state changes: answers and categories (staff), the search index, "did this solve it?"
votes and searches that found nothing (residents). Inquiries are in services_inquiries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department
from kuyakusho.core.search import SearchEntry, index_documents, remove_document
from kuyakusho.core.text import normalize

from . import selectors
from .models import (
    Answer,
    AnswerStatus,
    AnswerTranslation,
    Category,
    Feedback,
    ZeroResultQuery,
)
from .validation import (
    REDACTED_DIGITS,
    REDACTED_EMAIL,
    clean_single_line,
    clean_text,
    redact,
    redact_query,
)

DOC_TYPE = selectors.DOC_TYPE
QUESTION_MAX = 200
BODY_MAX = 10_000
KEYWORDS_MAX = 500
COMMENT_MAX = 200
VOTED_SESSION_KEY = "faq_voted"
VOTED_REMEMBERED = 500  # answers remembered per session; the oldest are forgotten first
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


# --- Answers (staff) -----------------------------------------------------------------------


def _clean_texts(texts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    cleaned: dict[str, tuple[str, str]] = {}
    for language, (question, body) in texts.items():
        if language not in LANGUAGE_CODES:
            raise ValidationError(_("対応していない言語です: %(codes)s") % {"codes": language})
        if not (question or "").strip() and not (body or "").strip():
            continue
        question = clean_single_line(
            question, label=_("質問"), max_length=QUESTION_MAX, required=True
        )
        body = clean_text(body, label=_("回答"), max_length=BODY_MAX, required=True)
        cleaned[language] = (question, body)
    if settings.LANGUAGE_CODE not in cleaned:
        raise ValidationError(
            _("日本語の質問と回答は必ず入力してください。"), code="japanese_required"
        )
    return cleaned


@transaction.atomic
def save_answer(
    actor: Any,
    *,
    category: Category,
    department: Department,
    texts: dict[str, tuple[str, str]],
    keywords: str = "",
    sort_order: int = 100,
    answer: Answer | None = None,
) -> Answer:
    """Create or change an answer. `texts` maps language → (question, answer); Japanese is
    required. A published answer stays published and its search entries are refreshed."""
    authorize(actor, "faq.edit", department)
    if answer is not None and answer.pk:
        answer = Answer.objects.select_for_update().get(pk=answer.pk)
        authorize(actor, "faq.edit", answer.department)  # moving it needs both departments
    cleaned = _clean_texts(texts)
    keywords = clean_single_line(
        keywords, label=_("検索用の読み仮名・言い換え"), max_length=KEYWORDS_MAX, required=False
    )
    answer = answer or Answer()
    answer.category, answer.department = category, department
    answer.keywords, answer.sort_order = keywords, sort_order
    answer.updated_at = timezone.now()
    answer.save()
    answer.translations.exclude(language__in=list(cleaned)).delete()
    for language, (question, body) in cleaned.items():
        AnswerTranslation.objects.update_or_create(
            answer=answer, language=language, defaults={"question": question, "body": body}
        )
    if answer.is_published:
        index_answer(answer)
    log_action(
        actor,
        "faq.answer.saved",
        answer,
        {"category": category.code, "department": department.code, "languages": sorted(cleaned)},
    )
    return answer


@transaction.atomic
def publish_answer(actor: Any, answer: Answer) -> Answer:
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    authorize(actor, "faq.edit", answer.department)
    if not answer.is_published:
        answer.status = AnswerStatus.PUBLISHED
        answer.published_at = timezone.now()
        answer.save(update_fields=["status", "published_at"])
        log_action(actor, "faq.answer.published", answer, {})
    index_answer(answer)
    return answer


@transaction.atomic
def withdraw_answer(actor: Any, answer: Answer) -> Answer:
    """Back to draft: residents no longer see it and search no longer finds it."""
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    authorize(actor, "faq.edit", answer.department)
    if answer.is_published:
        answer.status = AnswerStatus.DRAFT
        answer.save(update_fields=["status"])
        log_action(actor, "faq.answer.withdrawn", answer, {})
    remove_document(DOC_TYPE, str(answer.pk))
    return answer


@transaction.atomic
def save_category(actor: Any, category: Category) -> Category:
    authorize(actor, "faq.manage_categories")
    category.full_clean()
    category.save()
    log_action(
        actor,
        "faq.category.saved",
        category,
        {"code": category.code, "department": category.department.code},
    )
    return category


# --- Search index --------------------------------------------------------------------------


def answer_url(answer: Answer) -> str:
    return reverse("faq:answer", args=[answer.pk])


def _entries(answer: Answer) -> list[SearchEntry]:
    """One search document per language. The keywords (readings, other words) are Japanese
    and go into every language's document: a reader of any language may type them."""
    url = answer_url(answer)
    return [
        SearchEntry(
            DOC_TYPE,
            str(answer.pk),
            t.language,
            t.question,
            f"{t.body}\n{answer.keywords}" if answer.keywords else t.body,
            url,
        )
        for t in answer.translations.all()
    ]


def index_answer(answer: Answer) -> None:
    """Replace the answer's search documents (a removed translation loses its document)."""
    remove_document(DOC_TYPE, str(answer.pk))
    if answer.is_published:
        index_documents(_entries(answer))


def reindex_all() -> int:
    """Rebuild every FAQ search document from the published answers; returns how many."""
    from kuyakusho.core.models import SearchDocument

    with transaction.atomic():
        SearchDocument.objects.filter(doc_type=DOC_TYPE).delete()
        answers = selectors.published_answers().prefetch_related("translations")
        return index_documents(entry for answer in answers for entry in _entries(answer))


# --- Residents: search and "did this solve it?" --------------------------------------------


def search_faq(query: str | None, language: str) -> selectors.FaqSearch:
    """Search published answers; a search that found nothing is counted for the staff report."""
    result = selectors.search_answers(query, language)
    if result.words and not result.hits:
        record_zero_result(" ".join(result.words), language)
    return result


def record_zero_result(query: str, language: str) -> ZeroResultQuery | None:
    """Count a search that found nothing: normalised, redacted (digit runs, e-mail addresses)
    and cut to 100 characters, once per day and language. Not in the audit log: it is a
    statistic, and an audit record's timestamp would tie the query to a moment."""
    stored = redact_query(normalize(query))
    if not stored.replace(REDACTED_DIGITS, "").replace(REDACTED_EMAIL, "").strip():
        return None  # nothing but a number or an address: nothing to learn from
    key = {"query": stored, "language": language[:12], "day": timezone.localdate()}
    rows = ZeroResultQuery.objects.filter(**key)
    if rows.update(count=F("count") + 1):
        return rows.first()
    try:
        with transaction.atomic():
            return ZeroResultQuery.objects.create(**key, count=1)
    except IntegrityError:  # another request created today's row first
        rows.update(count=F("count") + 1)
        return rows.first()


class AlreadyVotedError(Exception):
    """This session has already answered 「解決しましたか？」 for this answer."""


def has_voted(session: SessionBase, answer: Answer) -> bool:
    return answer.pk in session.get(VOTED_SESSION_KEY, [])


@dataclass(frozen=True)
class Vote:
    helpful: bool
    comment: str = ""


def record_feedback(session: SessionBase, answer: Answer, vote: Vote, language: str) -> Feedback:
    """Count one vote per session and answer. The row holds the answer, the vote, a redacted
    comment, the language shown and the date: nothing that identifies the voter. Votes are not
    written to the audit log for the same reason (its records carry the time and the actor)."""
    if not answer.is_published:
        raise Answer.DoesNotExist
    if has_voted(session, answer):
        raise AlreadyVotedError
    comment = clean_text(vote.comment, label=_("ご意見"), max_length=COMMENT_MAX, required=False)
    feedback = Feedback.objects.create(
        answer=answer,
        helpful=vote.helpful,
        comment=redact(comment),
        language=language[:12],
        created_on=timezone.localdate(),
    )
    voted = [pk for pk in session.get(VOTED_SESSION_KEY, []) if pk != answer.pk]
    session[VOTED_SESSION_KEY] = [*voted, answer.pk][-VOTED_REMEMBERED:]
    return feedback
