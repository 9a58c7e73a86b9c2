"""Site-wide search over SearchDocument rows, for Japanese first.

Japanese is written without spaces, so word-based full-text search (tsvector, unicode61)
cannot find "図書館" inside "練馬区立図書館の開館時間". Both databases therefore index
*character trigrams* of the normalised text (see core.text.normalize), which finds any
substring of three or more characters:

* SQLite: an FTS5 table with the `trigram` tokenizer (core_searchdocument_fts, columns title
  and body), kept in sync by triggers on core_searchdocument (migration 0002) and ranked by
  bm25 with the title weighted ten times the body. A trigram index cannot answer words of one
  or two characters ("館", "図書"), so those fall back to LIKE on `normalized`: a scan, but a
  cheap one at ward-office scale (see bench/bench_search.py).
* PostgreSQL: pg_trgm with a GIN gin_trgm_ops index on `normalized`, which serves LIKE of any
  length; after the title-word count, word_similarity() of the query and the title ranks.

The query is normalised the same way as the documents and split on whitespace; every word
must match (AND). Title matches rank first: through the bm25 title weight on SQLite's FTS5
path, and by counting the words found in the title on the LIKE and PostgreSQL paths.
`normalized` holds the normalised title, a newline, then the normalised body (normalisation
collapses whitespace, so the first newline is the separator the SQLite triggers split on).

Caveat for future migrations: Django rebuilds a SQLite table to alter it, which drops its
triggers. A migration that alters core_searchdocument must recreate the triggers of 0002.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchDocument
from .text import find_all, find_first, normalize, strip_unstorable

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100
TRIGRAM = 3
FTS_TABLE = "core_searchdocument_fts"
TITLE_WEIGHT = 10.0
SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30
_UNIQUE_FIELDS = ["doc_type", "object_key", "language"]
_UPDATE_FIELDS = ["title", "body", "url", "normalized", "updated_at"]
_HIT_FIELDS = ["doc_type", "object_key", "language", "title", "url", "body"]  # _hit's order
_WHITESPACE = re.compile(r"\s+")
_BOUNDARY = re.compile(r"[\s。、．，！？!?]+")


@dataclass(frozen=True)
class SearchEntry:
    """One document to index (see index_documents)."""

    doc_type: str
    object_key: str
    language: str
    title: str
    body: str = ""
    url: str = ""


@dataclass(frozen=True)
class SearchHit:
    doc_type: str
    object_key: str
    language: str
    title: str
    url: str
    score: float  # higher is better; only comparable within one result list
    source: str = field(default="", repr=False)  # the text the snippet is cut from
    words: tuple[str, ...] = ()  # the normalised words that were searched for

    @cached_property
    def snippet(self) -> SafeString:
        """Escaped text around the first match with the matched words in <mark>. Made when
        first read: callers that rank a wide window (the site search reads 200 hits) show
        only a page of it."""
        return make_snippet(self.source, self.words)


@dataclass
class SearchResults:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    words: tuple[str, ...] = ()  # the normalised words that were searched for


# --- Indexing -------------------------------------------------------------------------------


def index_document(
    doc_type: str, object_key: str, language: str, title: str, body: str = "", url: str = ""
) -> None:
    """Add or replace the document identified by (doc_type, object_key, language)."""
    index_documents([SearchEntry(doc_type, object_key, language, title, body, url)])


def index_documents(entries: Iterable[SearchEntry], *, batch_size: int = 500) -> int:
    """Upsert many documents in one transaction; return how many rows were written."""
    written = 0
    with transaction.atomic():
        for batch in _batches(entries, batch_size):
            rows = {_key(doc): doc for doc in map(_to_model, batch)}  # last one wins
            SearchDocument.objects.bulk_create(
                list(rows.values()),
                update_conflicts=True,
                unique_fields=_UNIQUE_FIELDS,
                update_fields=_UPDATE_FIELDS,
            )
            written += len(rows)
    return written


def remove_document(doc_type: str, object_key: str, language: str | None = None) -> int:
    """Remove the document in one language, or in every language; return how many went."""
    documents = SearchDocument.objects.filter(doc_type=doc_type, object_key=str(object_key))
    if language is not None:
        documents = documents.filter(language=language)
    return documents.delete()[0]


def _batches(entries: Iterable[SearchEntry], size: int) -> Iterator[list[SearchEntry]]:
    iterator = iter(entries)
    while batch := list(islice(iterator, size)):
        yield batch


def _key(doc: SearchDocument) -> tuple[str, str, str]:
    return doc.doc_type, doc.object_key, doc.language


def _to_model(entry: SearchEntry) -> SearchDocument:
    keys = {name: str(getattr(entry, name) or "") for name in _UNIQUE_FIELDS}
    for name, value in keys.items():
        limit = SearchDocument._meta.get_field(name).max_length
        if not value or len(value) > limit:
            raise ValueError(f"{name} must be 1 to {limit} characters: {value[:80]!r}")
    url = strip_unstorable(entry.url)
    if len(url) > SearchDocument._meta.get_field("url").max_length:
        raise ValueError(f"url is too long: {url[:80]!r}…")
    title = strip_unstorable(entry.title)[: SearchDocument._meta.get_field("title").max_length]
    body = strip_unstorable(entry.body)
    return SearchDocument(
        **keys, title=title, body=body, url=url, normalized=f"{normalize(title)}\n{normalize(body)}"
    )


# --- Querying -------------------------------------------------------------------------------


def query_words(query: str | None) -> list[str]:
    """The normalised, de-duplicated words of a query; a word inside another is dropped,
    since every word must match anyway."""
    if not isinstance(query, str):
        return []
    words = normalize(query[:MAX_QUERY_LENGTH])[:MAX_QUERY_LENGTH].split()
    unique = list(dict.fromkeys(words))
    return [w for w in unique if not any(w != other and w in other for other in unique)]


def search(
    query: str | None,
    *,
    doc_types: Iterable[str] | str | None = None,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Documents containing every word of the query, best first."""
    words = query_words(query)
    if isinstance(doc_types, str):
        doc_types = [doc_types]
    doc_types = None if doc_types is None else list(doc_types)
    limit, offset = max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))
    if not words or doc_types == []:
        return SearchResults(total=0, words=tuple(words))
    plan = _plan(words, doc_types, language)
    ranked, total = _ranked_ids(plan, limit, offset)
    # Plain rows, not model instances: a wide window (the site search reads 200) costs less.
    rows = SearchDocument.objects.filter(id__in=[i for i, _ in ranked]).values_list(
        "id", *_HIT_FIELDS
    )
    documents = {row[0]: row[1:] for row in rows}
    hits = [_hit(documents[doc_id], score, words) for doc_id, score in ranked]
    return SearchResults(total=total, hits=hits, words=tuple(words))


@dataclass
class _Plan:
    """The pieces of one search statement."""

    source: str  # FROM
    key: str  # the SearchDocument id
    conditions: list[str]  # WHERE, joined with AND
    params: list[object]
    score: str  # higher is better
    score_params: list[object] = field(default_factory=list)
    # A LIKE scan costs the same whether it counts or ranks, so one statement does both,
    # with count(*) OVER (); an FTS5 match is counted far more cheaply than it is ranked.
    count_in_window: bool = True


def _plan(words: list[str], doc_types: list[str] | None, language: str | None) -> _Plan:
    filters, filter_params = _filters(doc_types, language)
    if connection.vendor == "sqlite":
        long_words = [w for w in words if len(w) >= TRIGRAM]
        if long_words:
            short_words = [w for w in words if len(w) < TRIGRAM]
            return _fts_plan(long_words, short_words, filters, filter_params)
        title_sql = "substr(d.normalized, 1, instr(d.normalized, char(10)) - 1)"
        return _like_plan(words, filters, filter_params, title_sql, "instr")
    title_sql = "split_part(d.normalized, chr(10), 1)"
    plan = _like_plan(words, filters, filter_params, title_sql, "strpos")
    # Against the title only: over whole bodies word_similarity() costs ~0.1 ms a row.
    plan.score += f" + 0.99 * word_similarity(%s, {title_sql})"
    plan.score_params.append(" ".join(words))
    return plan


def _filters(doc_types: list[str] | None, language: str | None) -> tuple[list[str], list[object]]:
    conditions: list[str] = []
    params: list[object] = []
    if doc_types is not None:
        conditions.append(f"d.doc_type IN ({', '.join(['%s'] * len(doc_types))})")
        params.extend(doc_types)
    if language is not None:
        conditions.append("d.language = %s")
        params.append(language)
    return conditions, params


def _like_conditions(words: list[str]) -> tuple[list[str], list[object]]:
    conditions = ["d.normalized LIKE %s ESCAPE '\\'" for _ in words]
    return conditions, [f"%{_escape_like(w)}%" for w in words]


def _like_plan(
    words: list[str], filters: list[str], filter_params: list[object], title_sql: str, find: str
) -> _Plan:
    """Every word as LIKE on `normalized`; the score counts the words found in the title."""
    conditions, params = _like_conditions(words)
    title_hits = [f"(CASE WHEN {find}({title_sql}, %s) > 0 THEN 1 ELSE 0 END)" for _ in words]
    return _Plan(
        source="core_searchdocument d",
        key="d.id",
        conditions=conditions + filters,
        params=params + filter_params,
        score=" + ".join(title_hits),
        score_params=list(words),
    )


def _fts_plan(
    long_words: list[str], short_words: list[str], filters: list[str], filter_params: list[object]
) -> _Plan:
    """FTS5 MATCH for the words of three or more characters, ranked by bm25 with the title
    weighted TITLE_WEIGHT times; LIKE for the others. The table is joined only when needed."""
    like, like_params = _like_conditions(short_words)
    conditions = [f"{FTS_TABLE} MATCH %s", *like, *filters]
    joined = len(conditions) > 1
    return _Plan(
        source=f"{FTS_TABLE} JOIN core_searchdocument d ON d.id = {FTS_TABLE}.rowid"
        if joined
        else FTS_TABLE,
        key=f"{FTS_TABLE}.rowid",
        conditions=conditions,
        params=[fts_phrases(long_words), *like_params, *filter_params],
        score=f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)",  # bm25: lower is better
        count_in_window=False,
    )


def fts_phrases(words: list[str]) -> str:
    """An FTS5 query requiring every word as a literal phrase: each word is double-quoted
    (quotes doubled), so operators and syntax characters in user input are plain text."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ranked_ids(plan: _Plan, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
    """The ids and scores of one page, and the total number of matches.

    The SQL text is assembled only from constants in this module; every value that comes
    from a query or a caller is a bound parameter.
    """
    where = " AND ".join(plan.conditions)
    matches = f"SELECT {plan.key} AS id, {plan.score} AS score FROM {plan.source} WHERE {where}"  # noqa: S608
    page = "ORDER BY score DESC, id DESC LIMIT %s OFFSET %s"
    params = [*plan.score_params, *plan.params, max(limit, 1), offset]
    with connection.cursor() as cursor:
        if plan.count_in_window:
            # Over a subquery: SQLite cannot evaluate bm25() next to a window function.
            windowed = f"SELECT id, score, count(*) OVER () FROM ({matches}) AS m"  # noqa: S608
            cursor.execute(f"{windowed} {page}", params)
        else:
            cursor.execute(f"{matches} {page}", params)
        rows = cursor.fetchall()
        ranked = [(row[0], float(row[1])) for row in rows][:limit]
        if plan.count_in_window and rows:
            return ranked, rows[0][2]
        if (rows and len(rows) < max(limit, 1)) or (not rows and offset == 0):
            return ranked, offset + len(rows)  # this is the last page: no need to count
        cursor.execute(f"SELECT count(*) FROM {plan.source} WHERE {where}", plan.params)  # noqa: S608
        return ranked, cursor.fetchone()[0]


def _hit(row: tuple[str, ...], score: float, words: list[str]) -> SearchHit:
    doc_type, object_key, language, title, url, body = row
    return SearchHit(
        doc_type=doc_type,
        object_key=object_key,
        language=language,
        title=title,
        url=url,
        score=score,
        source=body or title,
        words=tuple(words),
    )


# --- Snippets -------------------------------------------------------------------------------


def make_snippet(text: str, words: Iterable[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of text around the first matched word, HTML-escaped, with
    every matched word wrapped in <mark>; the start of the text when no word is found."""
    words = [w for w in words if w]
    match = find_first(text, words)
    start = 0 if match is None else _snippet_start(text, match)
    end = min(len(text), start + length)
    body = _highlight(text[start:end], words)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - every piece is escaped


def _snippet_start(text: str, match: int) -> int:
    """Up to SNIPPET_LEAD characters before the match, from a word or sentence boundary."""
    start = max(0, match - SNIPPET_LEAD)
    boundary = _BOUNDARY.search(text, start, match) if start > 0 else None
    return boundary.end() if boundary else start


def _highlight(window: str, words: list[str]) -> str:
    pieces, cursor = [], 0
    for start, end in _merge(find_all(window, words)):
        pieces.append(_escape_plain(window[cursor:start]))
        pieces.append(f"<mark>{_escape_plain(window[start:end])}</mark>")
        cursor = end
    pieces.append(_escape_plain(window[cursor:]))
    return "".join(pieces)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _escape_plain(text: str) -> str:
    return escape(_WHITESPACE.sub(" ", text))
