"""Generated Japanese documents for the search benchmark, built from the seed texts.

The seed texts (ward ICT plans and public comments, /work/shared/seeds or KUYAKUSHO_SEEDS_DIR)
are split into sentences; each document is a title made of a term that occurs in the seeds
and a ward-site phrase ("…について", "…のお知らせ"), and a body of 3–15 sentences taken as a
few runs of consecutive sentences, so that paragraphs read as they were written. The same seed
number gives the same documents on every run and every database.

The judged documents of _search_judged are mixed in at fixed pseudo-random positions, so their
ids are spread over the table as a real site's would be.
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from _search_judged import DOCUMENTS as JUDGED

DEFAULT_SEEDS_DIR = Path("/work/shared/seeds")
DOC_TYPES = ["page", "notice", "faq", "event", "facility"]
DOC_TYPE_WEIGHTS = [40, 30, 10, 15, 5]
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"[^。]+。")
_LEADING_MARKS = re.compile(r"^[\s・\-－○●◎■□※①-⑳0-9０-９.)）(（]+")
_HAS_KANA = re.compile(r"[ぁ-ん]")
_EXTRACTION_NOISE = re.compile(r"\[bookmark:[^\]]*\]|\[\d+:|\*")
_KATAKANA_TERM = re.compile(r"[ァ-ヴー]{3,12}")
_KANJI_TERM = re.compile(r"[一-龥々]{3,8}")
_QUOTED_TERM = re.compile(r"「([^」\n]{3,20})」")
TITLE_PATTERNS = [
    "{t}について",
    "{t}のお知らせ",
    "{t}のご案内",
    "{t}に関する取組",
    "{t}の実施状況（令和{y}年度）",
    "【お知らせ】{t}",
    "{t}と{u}",
    "{t}の推進",
    "{t}の見直しについて",
    "{t}に関するよくある質問",
    "令和{y}年度 {t}",
    "{t}（{u}）",
]


class Document(NamedTuple):
    doc_type: str
    key: str
    title: str
    body: str


def seeds_dir() -> Path:
    return Path(os.environ.get("KUYAKUSHO_SEEDS_DIR", DEFAULT_SEEDS_DIR))


def _seed_texts() -> list[str]:
    files = sorted(seeds_dir().glob("[0-9]*.txt"))
    if not files:
        raise SystemExit(f"no seed texts in {seeds_dir()} (set KUYAKUSHO_SEEDS_DIR)")
    return [f.read_text(encoding="utf-8") for f in files]


def sentences(texts: list[str]) -> list[str]:
    """Sentences in reading order. PDF extraction broke lines inside sentences, so lines of a
    paragraph are joined first; table rows and fragments without kana are left out."""
    found: list[str] = []
    for text in texts:
        for paragraph in _PARAGRAPH.split(text):
            joined = re.sub(r"\s*\n\s*", "", paragraph).replace("\t", " ")
            joined = _EXTRACTION_NOISE.sub("", joined)
            for match in _SENTENCE.finditer(joined):
                sentence = _LEADING_MARKS.sub("", match.group()).strip()
                if 15 <= len(sentence) <= 160 and _HAS_KANA.search(sentence):
                    found.append(sentence)
    return found


def terms(texts: list[str]) -> Counter[str]:
    """Words and quoted names that occur at least twice, with their counts: title material."""
    counts: Counter[str] = Counter()
    for text in texts:
        flat = re.sub(r"\s+", "", text)
        counts.update(_KATAKANA_TERM.findall(flat))
        counts.update(_KANJI_TERM.findall(flat))
        counts.update(_QUOTED_TERM.findall(flat))
    return Counter({t: n for t, n in counts.items() if n >= 2 and not t.endswith("的")})


class Corpus:
    def __init__(self, size: int, seed: int) -> None:
        texts = _seed_texts()
        self.size = size
        self.seed = seed
        self.sentences = sentences(texts)
        counts = terms(texts)
        self.terms = list(counts)
        self.term_weights = list(counts.values())

    def documents(self) -> Iterator[Document]:
        """`size` documents: the judged ones at fixed positions, generated ones around them."""
        rng = random.Random(self.seed)
        judged_at = dict(zip(rng.sample(range(self.size), len(JUDGED)), JUDGED, strict=True))
        for position in range(self.size):
            judged = judged_at.get(position)
            if judged is None:
                yield self._generated(rng, position)
            else:
                body = f"{judged.body}\n{judged.keywords}" if judged.keywords else judged.body
                yield Document(judged.doc_type, judged.key, judged.title, body)

    def _generated(self, rng: random.Random, position: int) -> Document:
        term, other = rng.choices(self.terms, weights=self.term_weights, k=2)
        pattern = rng.choice(TITLE_PATTERNS)
        title = pattern.format(t=term, u=other, y=rng.randint(1, 8))
        wanted = rng.randint(3, 15)
        picked: list[str] = []
        while len(picked) < wanted:
            run = min(wanted - len(picked), rng.randint(1, 5))
            start = rng.randrange(len(self.sentences) - run)
            picked.extend(self.sentences[start : start + run])
        doc_type = rng.choices(DOC_TYPES, weights=DOC_TYPE_WEIGHTS)[0]
        return Document(doc_type, f"g{position}", title, "".join(picked))
