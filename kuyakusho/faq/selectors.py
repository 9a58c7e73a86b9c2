"""FAQ read queries: public lists and search, the self-resolution and zero-result reports, the
inquiry inbox and response-time figures. `self_resolution_rate` is the indicator other domains
(governance, #8) read."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.safestring import SafeString

from kuyakusho.accounts.services import departments_for
from kuyakusho.core.models import Department
from kuyakusho.core.search import make_snippet, query_words, search
from kuyakusho.core.site_search import query_problem
from kuyakusho.core.text import find_first

from .models import (
    Answer,
    AnswerStatus,
    Category,
    Feedback,
    Inquiry,
    InquiryStatus,
    ZeroResultQuery,
)
from .texts import AnswerText, text_for

DOC_TYPE = "faq"
SEARCH_DOCUMENTS = 100  # core.search's largest page; several languages of one answer may match
SEARCH_RESULTS = 50


# --- Public pages --------------------------------------------------------------------------


def published_answers() -> QuerySet[Answer]:
    return Answer.objects.filter(status=AnswerStatus.PUBLISHED)


def categories_with_counts() -> QuerySet[Category]:
    """Every category with the number of its published answers (empty ones included)."""
    # Explicit order: Django ignores Meta.ordering in queries with GROUP BY.
    return Category.objects.annotate(
        answer_count=Count("answers", filter=Q(answers__status=AnswerStatus.PUBLISHED))
    ).order_by("sort_order", "code")


def answers_in(category: Category) -> QuerySet[Answer]:
    return (
        published_answers()
        .filter(category=category)
        .select_related("department")
        .prefetch_related("translations")
    )


def published_answer(pk: int) -> Answer:
    """Raises Answer.DoesNotExist for drafts too: residents never see them."""
    return (
        published_answers()
        .select_related("category", "department")
        .prefetch_related("translations")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class AnswerHit:
    answer: Answer
    text: AnswerText  # in the reader's language, or Japanese
    snippet: SafeString  # escaped, with the matched words in <mark>
    snippet_language: str


@dataclass
class FaqSearch:
    words: tuple[str, ...]
    hits: list[AnswerHit] = field(default_factory=list)
    problem: str = ""  # why nothing was searched (only symbols or particles), translated


def search_answers(query: str | None, language: str, *, limit: int = SEARCH_RESULTS) -> FaqSearch:
    """Published answers matching every word of the query in any of their languages (partial
    words, 全角/半角, katakana/hiragana and the staff-written readings all match), best first,
    each shown in the reader's language. A query of only symbols or particles searches
    nothing and says why (as the site search does), instead of listing every answer."""
    problem = query_problem(query or "", query_words(query))
    if problem:
        return FaqSearch(words=(), problem=problem)
    results = search(query, doc_types=DOC_TYPE, limit=SEARCH_DOCUMENTS)
    matched: dict[int, str] = {}  # answer id → the language of its best-matching document
    for hit in results.hits:
        try:
            pk = int(hit.object_key)
        except ValueError:
            continue
        if pk not in matched or hit.language == language:  # keeps the rank of the first
            matched[pk] = hit.language
    answers = (
        published_answers()
        .select_related("category", "department")
        .prefetch_related("translations")
        .in_bulk(list(matched))
    )
    hits = [
        _hit(answers[pk], language, matched_language, results.words)
        for pk, matched_language in matched.items()
        if pk in answers
    ]
    return FaqSearch(words=results.words, hits=hits[:limit])


def _hit(answer: Answer, language: str, matched_language: str, words: tuple[str, ...]) -> AnswerHit:
    """The snippet comes from the text shown when the words are in it; otherwise (an English
    reader who typed Japanese) from the language that matched, marked with its language."""
    shown = text_for(answer, language)
    source = shown.body
    source_language = shown.language
    in_shown = any(find_first(t, list(words)) is not None for t in (shown.question, shown.body))
    if not in_shown and matched_language and matched_language != shown.language:
        other = next((t for t in answer.translations.all() if t.language == matched_language), None)
        if other is not None:
            source, source_language = other.body, other.language
    return AnswerHit(answer, shown, make_snippet(source, words), source_language)


# --- Self-resolution ("did this solve it?") ------------------------------------------------


@dataclass
class Resolution:
    helpful: int = 0
    not_helpful: int = 0

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def rate(self) -> float | None:
        """Share of votes saying the answer solved it (0–1), None without votes."""
        return self.helpful / self.total if self.total else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def _feedback_in(start: date | None, end: date | None) -> QuerySet[Feedback]:
    feedback = Feedback.objects.all()
    if start is not None:
        feedback = feedback.filter(created_on__gte=start)
    if end is not None:
        feedback = feedback.filter(created_on__lte=end)
    return feedback


_COUNTS = {
    "helpful_votes": Count("id", filter=Q(helpful=True)),
    "not_helpful_votes": Count("id", filter=Q(helpful=False)),
}


def self_resolution_rate(start: date | None = None, end: date | None = None) -> Resolution:
    """The indicator "FAQ self-resolution rate" over [start, end] (dates inclusive; None
    means unbounded): the share of 「解決しましたか？」 votes that said はい."""
    counts = _feedback_in(start, end).aggregate(**_COUNTS)
    return Resolution(counts["helpful_votes"] or 0, counts["not_helpful_votes"] or 0)


def resolution_of(answer: Answer, start: date | None = None, end: date | None = None) -> Resolution:
    counts = _feedback_in(start, end).filter(answer=answer).aggregate(**_COUNTS)
    return Resolution(counts["helpful_votes"] or 0, counts["not_helpful_votes"] or 0)


@dataclass
class CategoryResolution:
    category: Category
    resolution: Resolution


def resolution_by_category(start: date | None, end: date | None) -> list[CategoryResolution]:
    """Every category, with or without votes, in display order."""
    rows = _feedback_in(start, end).values("answer__category").annotate(**_COUNTS)
    counts = {r["answer__category"]: r for r in rows}
    result = []
    for category in Category.objects.all():
        row = counts.get(category.pk, {})
        result.append(
            CategoryResolution(
                category,
                Resolution(row.get("helpful_votes", 0), row.get("not_helpful_votes", 0)),
            )
        )
    return result


@dataclass
class AnswerResolution:
    answer: Answer
    resolution: Resolution


def resolution_by_answer(
    start: date | None, end: date | None, category: Category | None = None
) -> list[AnswerResolution]:
    """Answers that got votes in the period, lowest rate first: those most need rewriting."""
    feedback = _feedback_in(start, end)
    if category is not None:
        feedback = feedback.filter(answer__category=category)
    rows = list(feedback.values("answer").annotate(**_COUNTS))
    answers = (
        Answer.objects.select_related("category", "department")
        .prefetch_related("translations")
        .in_bulk([r["answer"] for r in rows])
    )
    result = [
        AnswerResolution(
            answers[r["answer"]], Resolution(r["helpful_votes"], r["not_helpful_votes"])
        )
        for r in rows
    ]
    result.sort(key=lambda r: (r.resolution.rate, -r.resolution.total, r.answer.pk))
    return result


def recent_comments(start: date | None, end: date | None, limit: int = 50) -> QuerySet[Feedback]:
    return (
        _feedback_in(start, end)
        .exclude(comment="")
        .select_related("answer")
        .prefetch_related("answer__translations")
        .order_by("-created_on", "-pk")[:limit]
    )


# --- Searches that found nothing -----------------------------------------------------------


def zero_result_queries(start: date, end: date, limit: int = 100) -> list[dict[str, Any]]:
    """The most frequent searches without a result in [start, end]: query, language, total
    count, on how many days, and the last day."""
    rows = (
        ZeroResultQuery.objects.filter(day__gte=start, day__lte=end)
        .values("query", "language")
        .annotate(total=Sum("count"), days=Count("day"), last_day=Max("day"))
        .order_by("-total", "-last_day", "query")
    )
    return list(rows[:limit])


# --- Inquiries -----------------------------------------------------------------------------


def inquiries_for(user: Any, status: str | None = None) -> QuerySet[Inquiry]:
    """Inquiries routed to the departments where `user` handles inquiries; nothing else."""
    departments = departments_for(user, "faq.handle_inquiries")
    inquiries = Inquiry.objects.filter(department__in=departments).select_related(
        "department", "category", "answer"
    )
    if status:
        inquiries = inquiries.filter(status=status)
    return inquiries


def _hours(delta: timedelta | None) -> float | None:
    return None if delta is None else round(delta.total_seconds() / 3600, 1)


@dataclass
class ResponseFigures:
    """Response times of the inquiries received in a period."""

    received: int = 0
    replied: int = 0
    closed: int = 0
    waiting: int = 0  # no reply yet
    first_reply: list[timedelta] = field(default_factory=list)
    to_close: list[timedelta] = field(default_factory=list)

    def add(self, received_at: datetime, replied_at: datetime | None, closed_at: datetime | None):  # type: ignore[no-untyped-def]
        self.received += 1
        if replied_at is not None:
            self.replied += 1
            self.first_reply.append(replied_at - received_at)
        else:
            self.waiting += 1
        if closed_at is not None:
            self.closed += 1
            self.to_close.append(closed_at - received_at)

    @property
    def median_first_reply_hours(self) -> float | None:
        return _hours(statistics.median(self.first_reply)) if self.first_reply else None

    @property
    def mean_first_reply_hours(self) -> float | None:
        if not self.first_reply:
            return None
        return _hours(sum(self.first_reply, timedelta()) / len(self.first_reply))

    @property
    def max_first_reply_hours(self) -> float | None:
        return _hours(max(self.first_reply)) if self.first_reply else None

    @property
    def median_close_hours(self) -> float | None:
        return _hours(statistics.median(self.to_close)) if self.to_close else None


@dataclass
class DepartmentFigures:
    department: Department
    figures: ResponseFigures


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz)


def response_times(start: date, end: date) -> tuple[list[DepartmentFigures], ResponseFigures]:
    """Per department and ward-wide: inquiries received in [start, end], how many were
    answered and closed, and the time from receipt to the first reply and to closing."""
    since, until = period_bounds(start, end)
    rows = Inquiry.objects.filter(received_at__gte=since, received_at__lte=until).values_list(
        "department_id", "received_at", "first_replied_at", "closed_at"
    )
    per_department: dict[int, ResponseFigures] = {}
    total = ResponseFigures()
    for department_id, received_at, replied_at, closed_at in rows.iterator():
        per_department.setdefault(department_id, ResponseFigures()).add(
            received_at, replied_at, closed_at
        )
        total.add(received_at, replied_at, closed_at)
    departments = Department.objects.in_bulk(list(per_department))
    figures = [DepartmentFigures(departments[pk], f) for pk, f in per_department.items()]
    figures.sort(key=lambda d: d.department.code)
    return figures, total


def open_inquiry_counts(user: Any) -> dict[str, int]:
    counts = inquiries_for(user).values("status").annotate(n=Count("id"))
    result = {status: 0 for status in InquiryStatus.values}
    result.update({row["status"]: row["n"] for row in counts})
    return result
