"""The site search behind `/search/?q=…`: one box over every kind of document the domains
index into core.search (pages, notices, FAQ, events, facilities …), with a filter by kind.

Domains name their kinds with register_doc_type() (core knows no domain). A document indexed
in several languages is shown once, in the reader's language where it exists, else in
Japanese. Queries that cannot mean anything (only symbols, only particles) get an
explanation instead of a list of everything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from .search import MAX_LIMIT, SearchHit, query_words, search

PER_PAGE = 20
# How many ranked hits one query reads before merging languages: enough for five pages of
# results at ward scale; "more than this" is said when there are more.
WINDOW = MAX_LIMIT * 2
# Particles and copulas that carry no content on their own (a query of only these would
# match nearly every document through the short-word index).
PARTICLES = frozenset("の は が を に へ と で や も か な ね よ から まで より です ます".split())


@dataclass(frozen=True)
class DocType:
    code: str
    label: Any  # lazily translated
    order: int


DOC_TYPES: dict[str, DocType] = {}


def register_doc_type(code: str, label: Any, order: int = 100) -> None:
    DOC_TYPES[code] = DocType(code, label, order)


def doc_types() -> list[DocType]:
    return sorted(DOC_TYPES.values(), key=lambda t: (t.order, t.code))


@dataclass
class SiteResults:
    query: str
    problem: str = ""  # why nothing was searched, in the reader's language
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    more_than_window: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # per kind, for the filter
    page: int = 1
    pages: int = 1


def query_problem(query: str, words: list[str]) -> str:
    """Why a query cannot be searched (only symbols or particles), or "" when it can."""
    if not query.strip():
        return ""
    if not words or not any(any(ch.isalnum() for ch in word) for word in words):
        return _("記号だけでは検索できません。探したい言葉を入れてください。")
    if all(word in PARTICLES for word in words):
        return _(
            "「の」「は」のような言葉だけでは検索できません。探したい内容を表す言葉を入れてください。"
        )
    return ""


def _one_per_document(hits: list[SearchHit], language: str) -> list[SearchHit]:
    """Keep the best-ranked position of each document, shown in the best language."""
    preference = [language, "ja"]
    best: dict[tuple[str, str], SearchHit] = {}
    order: list[tuple[str, str]] = []
    for hit in hits:
        key = (hit.doc_type, hit.object_key)
        if key not in best:
            best[key] = hit
            order.append(key)
            continue
        current = best[key]
        rank = preference.index(hit.language) if hit.language in preference else len(preference)
        held = (
            preference.index(current.language)
            if current.language in preference
            else len(preference)
        )
        if rank < held:
            best[key] = hit
    return [best[key] for key in order]


def _in_readers_language(hits: list[SearchHit], language: str) -> list[SearchHit]:
    """A document found through another language's text is shown in the reader's language
    when it exists in it (a Japanese query by an English reader finds the English page)."""
    from django.db.models import Q

    from .models import SearchDocument

    others = [hit for hit in hits if hit.language != language]
    if not others:
        return hits
    wanted = Q()
    for hit in others:
        wanted |= Q(doc_type=hit.doc_type, object_key=hit.object_key)
    versions = {
        (doc.doc_type, doc.object_key): doc
        for doc in SearchDocument.objects.filter(wanted, language=language).defer("normalized")
    }
    shown = []
    for hit in hits:
        doc = versions.get((hit.doc_type, hit.object_key)) if hit.language != language else None
        if doc is None:
            shown.append(hit)
            continue
        shown.append(
            replace(
                hit,
                language=language,
                title=doc.title,
                url=doc.url or hit.url,
                source=doc.body or doc.title,
            )
        )
    return shown


def site_search(
    query: str | None, *, kind: str | None, language: str, page: int = 1
) -> SiteResults:
    query = (query or "").strip()
    words = query_words(query)
    results = SiteResults(query=query, problem=query_problem(query, words))
    if results.problem or not words:
        return results
    known = [t.code for t in doc_types()]
    raw = search(query, doc_types=known, limit=WINDOW)
    merged = _one_per_document(raw.hits, language)
    results.counts = dict(Counter(hit.doc_type for hit in merged))
    if kind in DOC_TYPES:
        merged = [hit for hit in merged if hit.doc_type == kind]
    results.more_than_window = raw.total > WINDOW
    results.total = len(merged)
    results.pages = max(1, -(-len(merged) // PER_PAGE))
    results.page = min(max(1, page), results.pages)
    start = (results.page - 1) * PER_PAGE
    results.hits = _in_readers_language(merged[start : start + PER_PAGE], language)
    return results
