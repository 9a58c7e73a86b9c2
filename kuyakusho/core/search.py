"""Site-wide search over SearchDocument rows, for Japanese first.

Japanese is written without spaces, so word-based full-text search (tsvector, unicode61)
cannot find "図書館" inside "練馬区立図書館の開館時間". The indexes therefore hold pieces of
characters of the normalised text (see core.text.normalize):

* SQLite: an FTS5 `trigram` table (core_searchdocument_fts, title and body; migration 0002)
  for words of three or more characters; a contentless FTS5 table of character *grams*, every
  character and every pair of adjacent characters as a token (core_searchdocument_grams, title
  and body; migration 0005), for words of one or two characters; and two small contentless
  tables of titles alone, of trigrams (core_searchdocument_titles) and of grams
  (core_searchdocument_title_grams, migration 0008). Triggers on core_searchdocument keep
  all four in step.
* PostgreSQL: GIN indexes on kuyakusho_search_grams(normalized) (the same grams, as text[])
  and on kuyakusho_search_title_grams(normalized) (the title's); strpos() checks words of
  three or more characters exactly on the rows the grams find (the index is asked for their
  rarest pairs). A query that the index's statistics call common is streamed from the
  table's first blocks instead (see _Matcher.ids). `normalized` is kept in the row
  (STORAGE MAIN, migration 0007), so reading it decompresses nothing, or lz4.

The query is normalised the same way as the documents and split on whitespace; every word
must match (AND). `normalized` holds the normalised title, a newline, then the normalised
body (normalisation collapses whitespace, so the first newline is the separator).

Work per query is bounded, whatever the number of matches (ADR 0010):

1. Matches stream in index order (newest first on SQLite, storage order on PostgreSQL) and
   stop at COUNT_CAP + 1: the total is exact up to COUNT_CAP, beyond it a lower bound
   (SearchResults.total_is_lower_bound).
2. Ranked are at most TITLE_WINDOW matches with a word in the title (from the title indexes)
   and the first BODY_WINDOW matches of the stream: by the number of words in the title, then
   a BM25-style score counted in Python, then newest first. A title match therefore ranks
   above a body-only match as long as the word is in at most TITLE_WINDOW titles.
3. Pages beyond the ranked candidates continue the stream in index order, so offset paging
   reaches every match exactly once.

Caveat for future migrations: Django rebuilds a SQLite table to alter it, which drops its
triggers. A migration that alters core_searchdocument must recreate the triggers of 0002,
0005 and 0008.
"""

from __future__ import annotations

import html
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations, islice

from django.db import connection, transaction
from django.utils.safestring import SafeString, mark_safe

from .models import SearchDocument
from .text import find_all, find_first, normalize, strip_unstorable

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100
TRIGRAM = 3
FTS_TABLE = "core_searchdocument_fts"
GRAMS_TABLE = "core_searchdocument_grams"
TITLES_TABLE = "core_searchdocument_titles"
TITLE_GRAMS_TABLE = "core_searchdocument_title_grams"
TITLE_WEIGHT = 10.0
BM25_K1 = 1.2
BM25_B = 0.75
# The work per query is bounded by these, not by the number of matches (see the docstring).
COUNT_CAP = 500
BODY_WINDOW = 200
TITLE_WINDOW = 500
TITLE_CANDIDATES = 1000  # title matches read (and checked for the other words) at most
# SQLite: titles with two words of the query or more are looked for when it has at most this
# many words (one FTS5 query over every pair of them).
MAX_PAIRED_WORDS = 4
# PostgreSQL: a word of three or more characters is looked up by its RAREST_PAIRS rarest
# character pairs (by the gram index's statistics, read again after GRAM_STATS_SECONDS).
RAREST_PAIRS = 2
GRAM_STATS_SECONDS = 600
# PostgreSQL: a query that the statistics say is in at least this share of the documents is
# streamed by reading the table's first blocks (see _Matcher.ids) rather than by building the
# GIN bitmap of every document that holds its grams. At 100,000 bench documents the first
# 501 matches of 「区民」 (60 %) took 1.9 ms so, against 9.5 ms through the index; 「防災」
# (17 %) 9.2 against 7 ms.
SCAN_SHARE = 0.3
_PG_TITLE = "split_part(d.normalized, chr(10), 1)"
_PG_GRAMS = "kuyakusho_search_grams(d.normalized)"
_PG_TITLE_GRAMS = "kuyakusho_search_title_grams(d.normalized)"
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
    # True when counting stopped at COUNT_CAP: there are at least `total` matches.
    total_is_lower_bound: bool = False


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
    """Documents containing every word of the query, best first (see the module docstring
    for what "best" means once there are more matches than the ranked windows hold)."""
    words = query_words(query)
    if isinstance(doc_types, str):
        doc_types = [doc_types]
    doc_types = None if doc_types is None else list(doc_types)
    limit, offset = max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))
    if not words or doc_types == []:
        return SearchResults(total=0, words=tuple(words))
    matcher = _matcher(words, doc_types, language)
    wanted = offset + max(limit, 1)
    with connection.cursor() as cursor:
        # One pass counts (up to the cap) and gives the window of recent matches.
        texts: dict[int, str] = {}  # normalised text of candidates, read along the way
        found = matcher.ids(cursor, COUNT_CAP + 1, texts=texts)
        capped, total = len(found) > COUNT_CAP, min(len(found), COUNT_CAP)
        recent = found[:BODY_WINDOW]
        by_title = matcher.title_ids(cursor, TITLE_WINDOW, texts) if total > BODY_WINDOW else []
        ranked = _rank(cursor, list(dict.fromkeys(by_title + recent)), words, texts)
        if wanted > len(ranked) and (capped or total > len(ranked)):
            ranked += _tail(cursor, matcher, found, ranked, wanted + 1)  # +1: is it the last?
        page = ranked[offset:wanted][:limit]
        if capped and len(ranked) <= wanted:  # paged to the end: the exact number is known
            total, capped = len(ranked), False
        elif capped:
            total = max(total, len(ranked))
        documents = _page_rows(cursor, [doc_id for doc_id, _ in page])
    hits = [_hit(documents[i], score, words) for i, score in page if i in documents]
    return SearchResults(total=total, hits=hits, words=tuple(words), total_is_lower_bound=capped)


def _page_rows(cursor, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The shown fields of the page's documents, by id: plain rows in plain SQL (a wide window,
    the site search reads 200, costs less than model instances, and building the query
    through the ORM cost about as much as running it)."""
    if not ids:
        return {}
    cursor.execute(
        f"SELECT id, {', '.join(_HIT_FIELDS)} FROM core_searchdocument "  # noqa: S608
        f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
        ids,
    )
    return {row[0]: row[1:] for row in cursor.fetchall()}


def _tail(
    cursor, matcher: _Matcher, found: list[int], ranked: list[tuple[int, float]], wanted: int
) -> list[tuple[int, float]]:
    """Matches after the ranked windows, in index order, for pages beyond them: the stream
    that gave the recent window, continued, without the title matches ranked already."""
    seen = {doc_id for doc_id, _ in ranked}
    needed = wanted - len(ranked)
    more = [doc_id for doc_id in found[BODY_WINDOW:] if doc_id not in seen]
    if len(more) < needed and len(found) > COUNT_CAP:  # the stream goes on past `found`
        stream = matcher.ids(cursor, needed + len(seen), offset=BODY_WINDOW)
        more = [doc_id for doc_id in stream if doc_id not in seen]
    return [(doc_id, 0.0) for doc_id in more[:needed]]


@dataclass
class _Matcher:
    """SQL for the documents that contain every word: `ids` streams them in index order
    (newest first on SQLite, storage order on PostgreSQL), `title_ids` those with a word in
    the title."""

    source: str  # FROM
    key: str  # the SearchDocument id
    conditions: list[str]  # WHERE, joined with AND
    params: list[object]
    title_source: str
    title_key: str
    title_conditions: list[str]
    title_params: list[object]
    order: str  # ORDER BY …, or "" where the index order is what a LIMIT stops in
    title_source_params: list[object] = field(default_factory=list)
    streams_text: bool = False  # `source` joins the document as d
    # PostgreSQL, a common query: the table's blocks expected to hold one match, and the
    # conditions that check every word without the index (see ids).
    blocks_per_match: float = 0.0
    scan_conditions: list[str] = field(default_factory=list)
    scan_params: list[object] = field(default_factory=list)
    # SQLite: the (title table, MATCH expression) of each word (see _sqlite_title_ids).
    title_words: list[tuple[str, str]] = field(default_factory=list)
    paired_words: bool = False  # the last of title_words finds titles with two words or more

    # The SQL text is assembled only from constants in this module; every value that comes
    # from a query or a caller is a bound parameter.
    def ids(
        self, cursor, limit: int, offset: int = 0, texts: dict[int, str] | None = None
    ) -> list[int]:
        """Ids in stream order; with `texts` and a source that has the document at hand
        (PostgreSQL), the first BODY_WINDOW texts come along, saving _rank a second read.

        A common query on PostgreSQL first reads the table's first blocks (a TID range scan,
        twice as many as should hold `limit` matches): when they hold `limit` matches, these
        are the ones the bitmap heap scan would have returned first, since it too reads the
        blocks in order; else the index decides, as for any other query."""
        if offset == 0 and self.blocks_per_match:
            blocks = math.ceil(2 * limit * self.blocks_per_match)
            found = self._stream(
                cursor,
                ["d.ctid < %s::tid", *self.scan_conditions],
                [f"({blocks},0)", *self.scan_params],
                limit,
                0,
                texts,
            )
            if len(found) >= limit:
                return found
        return self._stream(cursor, self.conditions, self.params, limit, offset, texts)

    def _stream(
        self,
        cursor,
        conditions: list[str],
        params: list[object],
        limit: int,
        offset: int,
        texts: dict[int, str] | None,
    ) -> list[int]:
        where = " AND ".join(conditions)
        query = f"SELECT {self.key} AS id FROM {self.source} WHERE {where} {self.order} LIMIT %s OFFSET %s"  # noqa: S608
        params = [*params, limit, offset]
        if texts is None or not self.streams_text:
            cursor.execute(query, params)
            return [row[0] for row in cursor.fetchall()]
        query = query.replace(" AS id FROM ", " AS id, d.normalized FROM ", 1)
        cursor.execute(
            "SELECT id, CASE WHEN row_number() OVER () <= %s THEN normalized END "  # noqa: S608
            f"FROM ({query}) AS m",
            [BODY_WINDOW, *params],
        )
        rows = cursor.fetchall()
        texts.update((doc_id, text) for doc_id, text in rows if text is not None)
        return [row[0] for row in rows]

    def title_ids(self, cursor, limit: int, texts: dict[int, str]) -> list[int]:
        if self.title_words:
            return self._sqlite_title_ids(cursor, limit, texts)
        where = " AND ".join(self.title_conditions) or "TRUE"
        order = self.order.replace(self.key, self.title_key)
        cursor.execute(
            f"SELECT {self.title_key}, d.normalized FROM {self.title_source} "  # noqa: S608
            f"WHERE {where} {order} LIMIT %s",
            [*self.title_source_params, *self.title_params, limit],
        )
        rows = cursor.fetchall()
        texts.update(rows)
        return [row[0] for row in rows]

    @staticmethod
    def _title_rowids(cursor, table: str, match: str) -> list[int]:
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
            "ORDER BY rowid DESC LIMIT %s",
            [match, TITLE_CANDIDATES],
        )
        return [row[0] for row in cursor.fetchall()]

    def _sqlite_title_ids(self, cursor, limit: int, texts: dict[int, str]) -> list[int]:
        """Documents with the most query words in the title first, then the newest (the
        ranking's order): for each word the newest TITLE_CANDIDATES titles holding it, and
        with several words the newest TITLE_CANDIDATES holding two or more (the lists of a
        common word miss older ones); then the first TITLE_CANDIDATES of these are read,
        and those that pass the checks (every word in the document, the filters) kept."""
        single, paired = self.title_words, None
        if self.paired_words:
            single, paired = self.title_words[:-1], self.title_words[-1]
        in_title: Counter[int] = Counter()
        for table, match in single:
            in_title.update(self._title_rowids(cursor, table, match))
        if paired is not None:
            for doc_id in self._title_rowids(cursor, *paired):
                in_title[doc_id] = max(in_title[doc_id], 2)
        candidates = sorted(in_title, key=lambda i: (in_title[i], i), reverse=True)
        candidates = candidates[: TITLE_CANDIDATES if self.title_conditions else limit]
        if not candidates:
            return []
        checks = "".join(f" AND {condition}" for condition in self.title_conditions)
        cursor.execute(
            "SELECT d.id, d.normalized FROM core_searchdocument d "  # noqa: S608
            f"WHERE d.id IN ({', '.join(['%s'] * len(candidates))}){checks}",
            [*candidates, *self.title_params],
        )
        found = dict(cursor.fetchall())
        kept = [doc_id for doc_id in candidates if doc_id in found][:limit]
        texts.update((doc_id, found[doc_id]) for doc_id in kept)
        return kept


def _matcher(words: list[str], doc_types: list[str] | None, language: str | None) -> _Matcher:
    filters, filter_params = _filters(doc_types, language)
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    if connection.vendor == "sqlite":
        return _sqlite_matcher(long_words, short_words, filters, filter_params)
    return _postgresql_matcher(long_words, short_words, filters, filter_params)


def _sqlite_matcher(
    long_words: list[str], short_words: list[str], filters: list[str], filter_params: list[object]
) -> _Matcher:
    """FTS5: the trigram table for words of three or more characters, the gram table for
    shorter ones (both exact); both stream rowids newest first, so a LIMIT stops early."""
    if long_words:
        key, conditions = f"{FTS_TABLE}.rowid", [f"{FTS_TABLE} MATCH %s"]
        params: list[object] = [fts_phrases(long_words)]
        if short_words:
            # The unary + keeps SQLite from handing the list to FTS5 as rowid lookups (one
            # MATCH per listed rowid, hundreds of times slower than a filter on the stream).
            conditions.append(
                f"+{key} IN (SELECT rowid FROM {GRAMS_TABLE} WHERE {GRAMS_TABLE} MATCH %s)"  # noqa: S608
            )
            params.append(fts_phrases(short_words))
        source = FTS_TABLE
    else:
        key, conditions = f"{GRAMS_TABLE}.rowid", [f"{GRAMS_TABLE} MATCH %s"]
        params, source = [fts_phrases(short_words)], GRAMS_TABLE
    if filters:
        source += f" JOIN core_searchdocument d ON d.id = {key}"
    # Title matches come from the small title tables (trigrams for long words, grams for
    # short ones, migration 0008), one word at a time: the newest TITLE_CANDIDATES titles
    # holding it (rowids only, short doclists). Those with the most query words in the title
    # come first, as they will in the ranking, and at most TITLE_CANDIDATES of them are read;
    # with several words, LIKE checks that the document has every one. (Asking the gram
    # table of title and body for "a word in the title and every word anywhere" read the
    # doclists of every document holding each word: 4.5 ms for 「防災 情報 配信」.)
    words = [*long_words, *short_words]
    title_words = [(TITLES_TABLE, fts_phrases([w])) for w in long_words]
    title_words += [(TITLE_GRAMS_TABLE, fts_phrases([w])) for w in short_words]
    if 1 < len(words) <= MAX_PAIRED_WORDS:
        # Titles with two words or more, whatever their age: one query of the title grams
        # (a long word as all its pairs, a superset: the ranking counts exactly).
        grams = [" AND ".join(fts_phrases([g]) for g in _grams(w)) for w in words]
        pairs = " OR ".join(f"({a}) AND ({b})" for a, b in combinations(grams, 2))
        title_words.append((TITLE_GRAMS_TABLE, pairs))
    likes, like_params = _like_conditions(words if len(words) > 1 else [])
    return _Matcher(
        source=source,
        key=key,
        conditions=conditions + filters,
        params=params + filter_params,
        title_source="core_searchdocument d",
        title_key="d.id",
        title_conditions=[*likes, *filters],
        title_params=[*like_params, *filter_params],
        order=f"ORDER BY {key} DESC",
        title_words=title_words,
        paired_words=1 < len(words) <= MAX_PAIRED_WORDS,
    )


def _postgresql_matcher(
    long_words: list[str], short_words: list[str], filters: list[str], filter_params: list[object]
) -> _Matcher:
    """The GIN over kuyakusho_search_grams() finds documents with every word's grams (exact
    for short words, a close superset for longer ones), and strpos() checks longer words on
    those rows only. The gram index alone decides, on purpose: a GIN `@>` on an array needs
    no recheck, but combined with pg_trgm's index (always rechecked) every candidate row
    would recompute the grams function. A LIMIT stops the bitmap heap scan early."""
    words = [*long_words, *short_words]
    stats = _gram_statistics()
    frequencies = stats["frequencies"]
    needed = list(dict.fromkeys(g for word in words for g in _rarest_grams(word, frequencies)))
    share = _estimated_share(words, frequencies)
    common = share >= SCAN_SHARE and stats["rows_per_block"] > 0
    conditions = [f"{_PG_GRAMS} @> %s::text[]"]
    conditions += ["strpos(d.normalized, %s) > 0" for _ in long_words]
    params: list[object] = [needed, *long_words]
    # Titles come from their own, small gram index; strpos() then checks every word exactly
    # (a filter on the gram function would recompute it per row). The inner LIMIT bounds the
    # rows read when the title words are common but seldom all in one document.
    title_arms = " OR ".join(f"{_PG_TITLE_GRAMS} @> %s::text[]" for _ in words)
    in_title = " OR ".join(f"strpos({_PG_TITLE}, %s) > 0" for _ in words)
    everywhere = ["strpos(d.normalized, %s) > 0" for _ in words]
    filtered = "".join(f" AND {condition}" for condition in filters)
    # The title stage checks the rarest word first, so most of the rows that fail stop at
    # one strpos() (936 of 1,000 rows failed for 「防災 情報 配信」). A short word's title arm
    # is exact (its one gram is the word), so with short words only, every row read has a
    # word in its title; a word in the title is in the document: neither is checked twice.
    checked = sorted(words, key=lambda word: _estimated_share([word], frequencies))
    if len(words) == 1:
        checked = []
    title_conditions = ["strpos(d.normalized, %s) > 0" for _ in checked]
    title_params: list[object] = list(checked)
    if long_words:
        title_conditions.append(f"({in_title})")
        title_params += words
    return _Matcher(
        source="core_searchdocument d",
        key="d.id",
        conditions=conditions + filters,
        params=params + filter_params,
        title_source=(
            "(SELECT d.id, d.normalized FROM core_searchdocument d "  # noqa: S608
            f"WHERE ({title_arms}){filtered} LIMIT %s) AS d"
        ),
        title_source_params=[*(_grams(w) for w in words), *filter_params, TITLE_CANDIDATES],
        title_key="d.id",
        title_conditions=title_conditions,
        title_params=title_params,
        streams_text=True,
        order="",
        blocks_per_match=1 / (share * stats["rows_per_block"]) if common else 0.0,
        scan_conditions=[*everywhere, *filters],
        scan_params=[*words, *filter_params],
    )


def _grams(word: str) -> list[str]:
    """The tokens of the gram index that a word's text must contain: the word itself when
    it is short, else its character pairs (a superset, checked afterwards)."""
    if len(word) < TRIGRAM:
        return [word]
    return list(dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)))


def _rarest_grams(word: str, frequencies: dict[str, float]) -> list[str]:
    """The grams the gram index is asked for: a long word's RAREST_PAIRS rarest pairs. The
    GIN index builds the whole bitmap of every gram it is given, so a common pair (「情報」
    is in 95 % of the bench documents) costs milliseconds and narrows little; strpos()
    checks the word exactly anyway. Without statistics every pair is asked for."""
    grams = _grams(word)
    if len(word) < TRIGRAM or not frequencies:
        return grams
    # A pair missing from the statistics is rarer than every pair in them.
    return sorted(grams, key=lambda gram: frequencies.get(gram, 0.0))[:RAREST_PAIRS]


def _estimated_share(words: list[str], frequencies: dict[str, float]) -> float:
    """The share of documents expected to hold every word (words taken as independent; a
    long word as common as its rarest pair, an upper bound); 0 when a gram is not among the
    most common ones."""
    share = 1.0
    for word in words:
        known = [frequencies.get(gram) for gram in _grams(word)]
        if None in known:
            return 0.0
        share *= min(known)
    return share


_gram_stats: dict[str, object] = {"read_at": None}


def _gram_statistics() -> dict:
    """What ANALYZE estimated: `frequencies`, the share of documents that contain each of
    the most common grams (pg_stats.most_common_elems of the gram index; empty before the
    first ANALYZE), and `rows_per_block` of the table. Read once per process and again
    after GRAM_STATS_SECONDS."""
    read_at = _gram_stats["read_at"]
    if read_at is not None and time.monotonic() - read_at < GRAM_STATS_SECONDS:
        return _gram_stats
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'core_searchdocument_grams'"
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT greatest(reltuples, 0) / greatest(relpages, 1) FROM pg_class "
            "WHERE oid = 'core_searchdocument'::regclass"
        )
        rows_per_block = float(cursor.fetchone()[0])
    # most_common_elem_freqs ends with three summary figures that zip() leaves out.
    frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _gram_stats.update(
        read_at=time.monotonic(), frequencies=frequencies, rows_per_block=rows_per_block
    )
    return _gram_stats


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


def fts_phrases(words: list[str]) -> str:
    """An FTS5 query requiring every word as a literal phrase: each word is double-quoted
    (quotes doubled), so operators and syntax characters in user input are plain text."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rank(
    cursor, ids: list[int], words: list[str], texts: dict[int, str]
) -> list[tuple[int, float]]:
    """Order candidates by the number of words in the title, then by a BM25-style score
    (term frequency saturated and normalised by length, title occurrences weighted
    TITLE_WEIGHT times), then newest first. The score returned is the title-word count plus
    the BM25 part squashed into [0, 1), so a title match always scores higher.

    Words are counted here, in the texts the matcher brought along or read now: on
    PostgreSQL, replace() over 700 rows took three times as long as reading them."""
    if not ids:
        return []
    missing = [doc_id for doc_id in ids if doc_id not in texts]
    if missing:
        cursor.execute(
            "SELECT id, normalized FROM core_searchdocument "  # noqa: S608
            f"WHERE id IN ({', '.join(['%s'] * len(missing))})",
            missing,
        )
        texts.update(cursor.fetchall())
    # A document deleted since it matched has no text: it is left out. Title and body are
    # counted in place (str.count with bounds) rather than cut apart: no copies of the text.
    rows = [(i, text, _title_end(text)) for i in ids if (text := texts.get(i)) is not None]
    if not rows:
        return []
    average = sum(len(text) - (end < len(text)) for _, text, end in rows) / len(rows) or 1.0
    scored = []
    for doc_id, text, end in rows:
        norm = BM25_K1 * (1 - BM25_B + BM25_B * (len(text) - (end < len(text))) / average)
        score, titled = 0.0, 0
        for word in words:
            in_title = text.count(word, 0, end)
            frequency = TITLE_WEIGHT * in_title + text.count(word, end + 1)
            score += frequency * (BM25_K1 + 1) / (frequency + norm)
            titled += in_title > 0
        scored.append((titled, score, doc_id))
    scored.sort(reverse=True)
    return [(doc_id, titled + score / (1 + score)) for titled, score, doc_id in scored]


def _title_end(text: str) -> int:
    """Where the title ends in normalised text: at the first newline, or at its end."""
    end = text.find("\n")
    return len(text) if end < 0 else end


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
    # What django.utils.html.escape() returns, without its check for lazy strings.
    return html.escape(_WHITESPACE.sub(" ", text))
