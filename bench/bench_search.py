"""Benchmark of core.search on the embedded SQLite database (FTS5 trigram + LIKE fallback).

Builds a fresh database in a temporary directory, indexes N generated Japanese documents and
times typical queries: 3+ characters (FTS5 MATCH), 1–2 characters (LIKE scan) and multi-word
(both). Prints figures only; it asserts nothing about time, since machines differ.

    python bench/bench_search.py        (or: kuyakusho bench search)
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

N_DOCUMENTS = 20_000
REPETITIONS = 40  # per query, each query type has several queries
SEED = 20_251_122

QUERIES = {
    "3+ chars (FTS5)": ["図書館", "マイナンバーカード", "そだいごみ", "避難所", "児童手当"],
    "1-2 chars (LIKE)": ["館", "ごみ", "税", "公園"],
    "multi-word": ["図書館 開館", "保育園 申込み", "ごみ 収集日", "避難所 地図"],
    "3+ chars, no hit": ["動物園の飼育員"],
}

TOPICS = [
    "図書館",
    "保育園",
    "児童手当",
    "粗大ごみ",
    "ソダイゴミ",
    "住民票",
    "マイナンバーカード",
    "国民健康保険",
    "介護保険",
    "避難所",
    "防災訓練",
    "区民センター",
    "公園",
    "駐輪場",
    "住民税",
    "ワクチン接種",
    "子育てひろば",
    "Ｗｉ－Ｆｉ",
    "Wi-Fi",
    "ハザードマップ",
    "区議会",
]
ACTIONS = [
    "の開館時間",
    "の申込み",
    "の手続き",
    "のご案内",
    "について",
    "の収集日",
    "の地図",
    "の変更",
    "のお知らせ",
    "の受付",
    "の休止",
    "の再開",
]
SENTENCES = [
    "平日は午前8時30分から午後5時15分まで受け付けます。",
    "申込みは区役所の窓口または電子申請で受け付けています。",
    "詳しくは担当課までお問い合わせください。",
    "必要な書類は本人確認書類と印鑑です。",
    "土曜日・日曜日・祝日は休館します。",
    "災害時には近くの避難所を確認してください。",
    "オンラインでの予約が便利です。",
    "手数料は1件300円です。",
    "ごみは収集日の朝8時までに出してください。",
    "区内の公園では花火はできません。",
]


def _prepare_environment() -> Path:
    project = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(project))
    var_dir = Path(tempfile.mkdtemp(prefix="kuyakusho-bench-search-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kuyakusho.settings"
    os.environ["KUYAKUSHO_VAR_DIR"] = str(var_dir)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return var_dir


def _documents(rng: random.Random):
    from kuyakusho.core.search import SearchEntry

    doc_types = ["page", "notice", "faq", "event", "facility"]
    for i in range(N_DOCUMENTS):
        topic = rng.choice(TOPICS)
        title = f"{topic}{rng.choice(ACTIONS)}（第{i}号）"
        body = "".join(rng.choices(SENTENCES, k=rng.randint(4, 14)))
        body = f"{rng.choice(TOPICS)}{rng.choice(ACTIONS)}。{body}"
        yield SearchEntry(rng.choice(doc_types), str(i), "ja", title, body, f"/docs/{i}/")


def _time_indexing() -> float:
    from kuyakusho.core.search import index_documents

    started = time.perf_counter()
    written = index_documents(_documents(random.Random(SEED)))
    elapsed = time.perf_counter() - started
    assert written == N_DOCUMENTS
    return elapsed


def _time_queries(queries: list[str]) -> tuple[list[float], list[int]]:
    from kuyakusho.core.search import search

    latencies, totals = [], []
    for query in queries:
        totals.append(search(query).total)  # warm-up, and the match count for the report
        for _ in range(REPETITIONS):
            started = time.perf_counter()
            search(query)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies, totals


def _cpu_model() -> str:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown"
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )


def _print_machine() -> None:
    print(f"platform.processor(): {platform.processor()!r} ({platform.machine()}, {_cpu_model()})")
    print(f"cpu count: {os.cpu_count()}")
    print(f"python: {platform.python_version()} ({platform.python_implementation()})")
    print(f"sqlite: {sqlite3.sqlite_version}")


def main() -> int:
    var_dir = _prepare_environment()
    try:
        _run(var_dir)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


def _run(var_dir: Path) -> None:
    _print_machine()
    elapsed = _time_indexing()
    size_mb = sum(f.stat().st_size for f in var_dir.glob("kuyakusho.sqlite3*")) / 1e6
    print(
        f"indexed {N_DOCUMENTS} documents in {elapsed:.2f} s: {N_DOCUMENTS / elapsed:,.0f} docs/s"
    )
    print(f"database files (with WAL): {size_mb:.1f} MB")
    print(f"{'query type':<20} {'queries':>7} {'runs':>6} {'median ms':>10} {'p95 ms':>8}  matches")
    for kind, queries in QUERIES.items():
        latencies, totals = _time_queries(queries)
        p95 = statistics.quantiles(latencies, n=20)[18]
        print(
            f"{kind:<20} {len(queries):>7} {len(latencies):>6} "
            f"{statistics.median(latencies):>10.2f} {p95:>8.2f}  {totals}"
        )


if __name__ == "__main__":
    sys.exit(main())
