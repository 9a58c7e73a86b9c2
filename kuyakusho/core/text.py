"""Text normalisation shared by the search index and search queries.

Residents type the same word in many forms: 全角/半角 (ＷｉＦｉ, ｶﾅ), upper/lower case,
katakana or hiragana (トショカン / としょかん), "Wi-Fi" or "WiFi". Search compares
*normalised* text on both sides, so every form folds to one spelling:

1. characters that cannot be stored or are invisible (NUL and other controls, zero-width
   format characters, lone surrogates) are dropped;
2. NFKC folds full-width ASCII to ASCII and half-width katakana to full-width;
3. case folding;
4. katakana are mapped to hiragana (the prolonged sound mark ー is shared and kept);
5. hyphens and middle dots *between* two word characters are removed ("wi-fi" → "wifi",
   "ワイ・ファイ" → "わいふぁい", "03-1234-5678" → "0312345678");
6. runs of whitespace collapse to one space.

Every step maps one character to at most a few, so a position in normalised text can be
mapped back to the original (`normalize_with_offsets`); `find_first` and `find_all` use
that to locate normalised query words in text as written, for search snippets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Katakana ァ (U+30A1) … ヶ (U+30F6) and the iteration marks ヽヾ sit exactly 0x60 above
# their hiragana counterparts.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KATAKANA_TO_HIRAGANA.update({0x30FD: 0x309D, 0x30FE: 0x309E})

# Hyphens, dashes, minus signs and middle dots as they look after NFKC.
_JOINERS = "-\u2010\u2012\u2013\u2014\u2015\u2212\u30fb\u00b7"
_JOINER_BETWEEN_WORDS = re.compile(rf"(?<=\w)[{re.escape(_JOINERS)}](?=\w)")
_JOINER_FOUND = re.compile(rf"[{re.escape(_JOINERS)}]").search
_KATAKANA_RUN = re.compile("[\u30a1-\u30f6\u30fd\u30fe]+")  # the keys of the table above
# Controls, invisible format characters (zero-width space, BOM, bidi marks, tags …) and lone
# surrogates, but not whitespace: Cc, Cf and Cs of Unicode 14 minus what str.isspace() accepts.
_UNSTORABLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_NUL_OR_SURROGATE = re.compile("[\x00\ud800-\udfff]")
# Half-width voiced sound marks are spacing characters, but NFKC turns them into combining
# marks that join the preceding kana (ｶﾞ → ガ).
_HALF_WIDTH_VOICING = "\uff9e\uff9f"
_HALF_WIDTH_VOICING_FOUND = re.compile(f"[{_HALF_WIDTH_VOICING}]").search
_WHITESPACE = re.compile(r"\s+")
_SCAN_BLOCK = 80
# Where a text may be cut into blocks besides whitespace: Japanese full stops and commas.
_BLOCK_CUTS = "。、，．｡､"


def _drop_unstorable(text: str) -> str:
    return _UNSTORABLE.sub("", text)


def fold(text: str) -> str:
    """Steps 1–5 of the normalisation, without touching whitespace."""
    text = unicodedata.normalize("NFKC", _drop_unstorable(text))
    # str.translate() looks every character up in the table (a raised and cleared KeyError
    # for each one it does not map): translating only the runs of katakana is twice as fast.
    text = _KATAKANA_RUN.sub(_to_hiragana, text.casefold())
    return _JOINER_BETWEEN_WORDS.sub("", text) if _JOINER_FOUND(text) else text


def _to_hiragana(run: re.Match[str]) -> str:
    return run.group().translate(_KATAKANA_TO_HIRAGANA)


def normalize(text: str | None) -> str:
    """Normalise text for indexing or querying: NFKC, case-folded, hiragana, single spaces."""
    if not text:
        return ""
    return " ".join(fold(text).split())


def strip_unstorable(text: str | None) -> str:
    """Remove what no database can store (NUL, lone surrogates); keep everything else."""
    return _NUL_OR_SURROGATE.sub("", text) if text else ""


def _clusters(text: str) -> list[tuple[int, str]]:
    """Split text into (start, cluster) pairs, a cluster being a base character and the marks
    NFKC may compose with it."""
    clusters: list[tuple[int, str]] = []
    for index, ch in enumerate(text):
        joins_previous = unicodedata.combining(ch) or ch in _HALF_WIDTH_VOICING
        if clusters and joins_previous:
            start, cluster = clusters[-1]
            clusters[-1] = (start, cluster + ch)
        else:
            clusters.append((index, ch))
    return clusters


def normalize_with_offsets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Fold text cluster by cluster; return the folded text and, for each of its characters,
    the (start, end) span in `text` of the cluster it came from.

    Whitespace is kept (not collapsed) and every joiner is dropped, so a query word, which
    never contains whitespace, is found here wherever `normalize` would find it.

    Text without combining marks (nearly all of it) has clusters of one character each, and
    is folded by one map() over its characters rather than cluster by cluster in Python
    (ten times faster; search snippets take this path for every text where folding moved a
    match, such as "Wi-Fi" or "・" between words).
    """
    if not any(map(unicodedata.combining, text)) and not _HALF_WIDTH_VOICING_FOUND(text):
        pieces = list(map(_fold_cluster, text))
        folded_text = "".join(pieces)
        if len(folded_text) == len(text) and "" not in pieces:  # every piece one character
            return folded_text, list(zip(range(len(text)), range(1, len(text) + 1), strict=True))
        return folded_text, [(i, i + 1) for i, piece in enumerate(pieces) for _ in piece]
    return _fold_clusters_with_offsets(text)


def _fold_clusters_with_offsets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """normalize_with_offsets for any text: cluster by cluster."""
    folded: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, cluster in _clusters(text):
        piece = _fold_cluster(cluster)
        folded.append(piece)
        spans.extend([(start, start + len(cluster))] * len(piece))
    return "".join(folded), spans


@lru_cache(maxsize=8192)  # a page of text has a few hundred distinct characters
def _fold_cluster(cluster: str) -> str:
    if cluster.isspace():
        return " "
    piece = unicodedata.normalize("NFKC", _drop_unstorable(cluster))
    if piece in _JOINERS:
        return ""
    return piece.casefold().translate(_KATAKANA_TO_HIRAGANA)


def find_first(text: str, words: list[str]) -> int | None:
    """Index in `text` (as written) where the earliest of the normalised `words` starts.

    Block by block: the first match is usually near the start, so most of a long text is
    never folded, and the costly character-by-character mapping is done only for the block
    holding the match, and only when folding moved its characters."""
    if not text or not words:
        return None
    for block_start, block in _blocks(text, words):
        folded = fold(block)
        if not any(w in folded for w in words):
            continue
        found = _found_in_place(block, folded, words)
        if found is not None:
            return block_start + found
        folded, spans = normalize_with_offsets(block)
        positions = [p for p in (folded.find(w) for w in words) if p >= 0]
        if positions:
            return block_start + spans[min(positions)][0]
    return None


def _found_in_place(text: str, folded: str, words: list[str]) -> int | None:
    """The earliest match when folding kept every character up to it in its place (the
    usual case; a "・" or "…" further on does not matter), checked against the text as
    written; None when that cannot be shown."""
    first = min(p for p in (folded.find(w) for w in words) if p >= 0)
    if len(folded) != len(text) and fold(text[:first]) != folded[:first]:
        return None
    return first if any(fold(text[first : first + len(w)]) == w for w in words) else None


def _blocks(text: str, words: list[str]) -> Iterator[tuple[int, str]]:
    """Consecutive pieces, the first of at least _SCAN_BLOCK characters and each next one at
    least twice as long as the one before, each cut before whitespace or a full stop or comma
    whose folded form none of the words contains, so no match straddles two blocks. (Japanese
    text has few spaces: cutting at whitespace alone left one block.) Growing blocks keep an
    early match cheap, and a text without any match (a hit found by its title alone) costs a
    few fold() calls instead of one per 80 characters."""
    cuts = "".join(ch for ch, folded in _folded_cuts() if not any(folded in w for w in words))
    boundary = re.compile(rf"[\s{re.escape(cuts)}]")
    start, size = 0, _SCAN_BLOCK
    while start < len(text):
        cut = boundary.search(text, start + size)
        end = cut.start() if cut else len(text)
        yield start, text[start:end]
        start, size = (end if end > start else len(text)), size * 2


@lru_cache(maxsize=1)
def _folded_cuts() -> tuple[tuple[str, str], ...]:
    """The block cuts with their folded forms, folded once rather than for every snippet."""
    return tuple((ch, fold(ch)) for ch in _BLOCK_CUTS)


def find_all(window: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) in `window` (as written) of every occurrence of the normalised `words`;
    meant for short texts such as a snippet."""
    folded = fold(window)
    if not any(w in folded for w in words):
        return []
    # The fast path: every match where folding kept the text up to it in place, checked
    # as written.
    found = [m.span() for w in words for m in re.finditer(re.escape(w), folded)]
    in_place = len(folded) == len(window) or all(
        fold(window[:end]) == folded[:end] for _, end in found
    )
    if in_place and all(fold(window[start:end]) == folded[start:end] for start, end in found):
        return found
    folded, spans = normalize_with_offsets(window)
    return [
        (spans[m.start()][0], spans[m.end() - 1][1])
        for w in words
        for m in re.finditer(re.escape(w), folded)
    ]
