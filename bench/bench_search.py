"""Benchmark of core.search on SQLite and PostgreSQL (indexes: see core/search.py): latency per
kind of query, the ratio to a plain LIKE scan, and ranking quality on a judged set (MRR@10).

    python bench/bench_search.py                      (or: kuyakusho bench search)
    python bench/bench_search.py --documents 10000    (a quick trial at a tenth of the size)
    python bench/bench_search.py --keep /tmp/bench-keep   (index once, measure again later)

Each database gets a fresh platform in its own process: SQLite in a temporary var/ directory,
PostgreSQL in a database that this script creates and drops (kuyakusho_bench_search on the
server of KUYAKUSHO_BENCH_DATABASE_URL, else of KUYAKUSHO_TEST_DATABASE_URL; without either,
SQLite only). The corpus (bench/_search_corpus.py) is generated from the seed texts with a
fixed seed and indexed through core.search.index_documents; the judged documents and queries
are in bench/_search_judged.py. Prints figures only; it asserts nothing about time.

With --keep DIR the indexed databases outlive the run (SQLite in DIR, PostgreSQL's bench
database is not dropped), and a later run with the same DIR, --documents and --seed measures
them again without indexing anew; migrations are applied first, so a new migration is
measured on the kept data as it would be on a deployed site. There is one PostgreSQL bench
database per server, so use one DIR at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BENCH_DIR = Path(__file__).resolve().parent
PROJECT = BENCH_DIR.parent
SEED = 20_251_122
GOAL_P95_MS = 20.0
PAGE = 20  # what the search page asks for
TOP = 10  # MRR@10, recall@10
PG_DATABASE = "kuyakusho_bench_search"
PLAIN_TABLE = "bench_plain_scan"

# Timed queries, by the path they take in core.search.
QUERIES = {
    "3+ chars": [
        "図書館",
        "マイナンバーカード",
        "電子申請",
        "避難所",
        "オープンデータ",
        "情報セキュリティ",
        "コンビニ交付",
        "粗大ごみ",
    ],
    "1-2 chars": ["館", "税", "ごみ", "窓口", "防災", "相談", "区民", "申請"],
    "multi-word": [
        "図書館 予約",
        "避難所 地図",
        "電子申請 手続き",
        "税 コンビニ",
        "防災 情報 配信",
        "マイナンバーカード 交付",
        "区民 意見",
        "保育園 申込み",
    ],
    "kana/width variants": [
        "まいなんばー",
        "ｵｰﾌﾟﾝﾃﾞｰﾀ",
        "ＩＣＴ",
        "ｗｉ－ｆｉ",
        "ぱぶりっくこめんと",
        "せきゅりてぃ",
        "ｾｷｭﾘﾃｨ",
        "デジタル",
    ],
    "no hit": ["動物園の飼育員", "宇宙ステーション", "量子暗号", "恐竜 化石", "ピザ", "猫"],
}


# --- Parent: one child process per database, then the summary -----------------------------


def main() -> int:
    args = _arguments()
    if args.child:
        return _child(args)
    # Stopped with SIGTERM, still drop the bench database and remove the temporary files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"machine: {_machine()}", flush=True)
    results = {}
    databases = _databases(args)
    for vendor, url in databases:
        print(f"\n== {vendor}", flush=True)
        result_file = Path(tempfile.mkstemp(prefix="kuyakusho-bench-search-", suffix=".json")[1])
        try:
            status = _run_child(vendor, url, args, result_file)
            if status == 0:
                results[vendor] = json.loads(result_file.read_text())
            else:
                print(f"{vendor}: the run failed (exit status {status})")
        finally:
            result_file.unlink(missing_ok=True)
    _print_summary(results)
    return 0 if results and all(vendor in results for vendor, _ in databases) else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repetitions", type=int, default=10, help="timed runs per query")
    parser.add_argument("--scan-repetitions", type=int, default=3, help="per query, LIKE scan")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the indexed databases (SQLite in DIR) and reuse them on the next run",
    )
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    return parser.parse_args()


def _databases(args: argparse.Namespace) -> list[tuple[str, str]]:
    wanted = {name.strip() for name in args.databases.split(",")}
    found = []
    if "sqlite" in wanted:
        found.append(("sqlite", ""))
    if "postgresql" in wanted:
        url = _postgres_url()
        if url:
            found.append(("postgresql", url))
        else:
            print("postgresql: skipped (set KUYAKUSHO_BENCH_DATABASE_URL to a server)")
    return found


def _postgres_url() -> str:
    """The bench database on the named server; the name is fixed because it is dropped."""
    given = os.environ.get("KUYAKUSHO_BENCH_DATABASE_URL") or os.environ.get(
        "KUYAKUSHO_TEST_DATABASE_URL", ""
    )
    if not given.startswith(("postgres://", "postgresql://")):
        return ""
    return urlunparse(urlparse(given)._replace(path=f"/{PG_DATABASE}"))


def _run_child(vendor: str, url: str, args: argparse.Namespace, result_file: Path) -> int:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    keep = _kept(args)
    reuse = bool(keep) and _marker(keep, vendor, args) is not None
    if keep:
        var_dir = keep / "var"
        if not reuse and vendor == "sqlite":  # index into a fresh file, as without --keep
            shutil.rmtree(var_dir, ignore_errors=True)
        var_dir.mkdir(parents=True, exist_ok=True)
    else:
        var_dir = Path(tempfile.mkdtemp(prefix="kuyakusho-bench-search-"))
    env["KUYAKUSHO_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "kuyakusho.settings"
    if url:
        env["DATABASE_URL"] = url
        if not (reuse and _database_exists(url)):
            _recreate_database(url, drop_only=False)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", vendor]
    command += ["--result-file", str(result_file), "--documents", str(args.documents)]
    command += ["--repetitions", str(args.repetitions), "--seed", str(args.seed)]
    command += ["--scan-repetitions", str(args.scan_repetitions)]
    if keep:
        command += ["--keep", str(keep)]
    child = subprocess.Popen(command, cwd=PROJECT, env=env)
    try:
        return child.wait()
    finally:
        if child.poll() is None:  # interrupted: stop the child before removing its database
            child.terminate()
            child.wait()
        if not keep:
            if url:
                _recreate_database(url, drop_only=True)
            shutil.rmtree(var_dir, ignore_errors=True)


def _kept(args: argparse.Namespace) -> Path | None:
    return Path(args.keep).resolve() if args.keep else None


def _marker(keep: Path, vendor: str, args: argparse.Namespace) -> dict | None:
    """What the run that indexed the kept database wrote down, when it indexed the same
    corpus (same --documents and --seed); None when the database must be made anew."""
    try:
        kept = json.loads((keep / f"{vendor}.json").read_text())
    except (OSError, ValueError):
        return None
    same = kept.get("documents") == args.documents and kept.get("seed") == args.seed
    return kept if same else None


def _database_exists(url: str) -> bool:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        )
        return found.fetchone() is not None


def _recreate_database(url: str, *, drop_only: bool) -> None:
    import psycopg
    from psycopg import sql

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    assert name == PG_DATABASE  # never drop anything else
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _print_summary(results: dict) -> None:
    if not results:
        return
    print(f"\n== summary (goal: search p95 ≤ {GOAL_P95_MS:.0f} ms)")
    print(
        f"{'database':<11} {'query kind':<20} {'search p50/p95/p99 ms':>24} "
        f"{'site search p95':>15} {'CPU p50/p95 ms':>15} {'LIKE scan p50/p95 ms':>22} "
        f"{'scan/search p50':>16}  p95 goal"
    )
    for vendor, result in results.items():
        for kind, figures in result["latency"].items():
            s, scan = figures["search"], figures["scan"]
            cpu = figures.get("search cpu", {"p50": float("nan"), "p95": float("nan")})
            ratio = scan["p50"] / s["p50"] if s["p50"] > 0 else float("nan")
            print(
                f"{vendor:<11} {kind:<20} "
                f"{s['p50']:>8.2f}/{s['p95']:>7.2f}/{s['p99']:>7.2f} "
                f"{figures['site search']['p95']:>15.2f} "
                f"{cpu['p50']:>7.2f}/{cpu['p95']:>7.2f} "
                f"{scan['p50']:>12.2f}/{scan['p95']:>9.2f} {ratio:>15.1f}×  "
                f"{'met' if s['p95'] <= GOAL_P95_MS else 'NOT met'}"
            )
    for vendor, result in results.items():
        q = result["quality"]
        print(
            f"{vendor:<11} ranking on {q['queries']} judged queries: "
            f"MRR@{TOP} {q['search']['mrr']:.3f}, recall@{TOP} {q['search']['recall']:.3f} "
            f"(site search: MRR@{TOP} {q['site_search']['mrr']:.3f}, "
            f"recall@{TOP} {q['site_search']['recall']:.3f})"
        )


def _machine() -> str:
    import sqlite3

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.machine()} {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}"
    )


# --- Child: one database ------------------------------------------------------------------


def _child(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(PROJECT))
    sys.path.insert(0, str(BENCH_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(f"database: {_database_version(connection)}", flush=True)
    result = {"indexing": _reused(args) or _index(args), "latency": {}, "quality": {}}
    _prepare_scan_table(connection)
    print(
        f"{'query kind':<20} {'what':<12} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        "  matches"
    )
    for kind, queries in QUERIES.items():
        result["latency"][kind] = _time_kind(kind, queries, args)
    result["quality"] = _quality()
    Path(args.result_file).write_text(json.dumps(result))
    connection.close()
    return 0


def _database_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (FTS5 trigram)"
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'")
        return f"PostgreSQL {version} (pg_trgm {cursor.fetchone()[0]})"


def _reused(args: argparse.Namespace) -> dict | None:
    """With --keep: the indexing figures of the run that indexed the kept database, when it
    holds the same corpus; None when it is to be indexed (the parent made it fresh)."""
    from django.db import connection

    from kuyakusho.core.models import SearchDocument

    if not args.keep:
        return None
    kept = _marker(Path(args.keep), connection.vendor, args)
    count = SearchDocument.objects.count()
    if kept is not None and count == args.documents:
        print(f"reusing the kept database of {count:,} documents (indexed earlier)", flush=True)
        if connection.vendor == "postgresql":  # a migration may have rewritten the rows
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE core_searchdocument")
        return kept["indexing"]
    if count:
        raise SystemExit(f"the kept {connection.vendor} database holds {count:,} documents")
    (Path(args.keep) / f"{connection.vendor}.json").unlink(missing_ok=True)
    return None


def _index(args: argparse.Namespace) -> dict:
    from _search_corpus import Corpus
    from django.db import connection

    from kuyakusho.core.search import SearchEntry, index_documents

    corpus = Corpus(args.documents, args.seed)
    entries = [  # generated before the clock starts (about 200 MB at 100,000)
        SearchEntry(d.doc_type, d.key, "ja", d.title, d.body, f"/bench/{d.key}/")
        for d in corpus.documents()
    ]
    started = time.perf_counter()
    written = index_documents(entries)
    elapsed = time.perf_counter() - started
    assert written == args.documents, written
    maintenance = ""
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load: statistics, and the GIN pending list
        # merged into the index.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE core_searchdocument")
        maintenance = f"; VACUUM ANALYZE {time.perf_counter() - started:.1f} s"
    size_mb = _size_mb(connection)
    print(
        f"indexed {written:,} documents ({len(corpus.sentences)} seed sentences, "
        f"{len(corpus.terms)} title terms) in {elapsed:.1f} s: {written / elapsed:,.0f} docs/s"
        f"{maintenance}; size {size_mb:,.0f} MB",
        flush=True,
    )
    indexing = {"documents": written, "seconds": elapsed, "size_mb": size_mb}
    if args.keep:
        marker = Path(args.keep) / f"{connection.vendor}.json"
        marker.write_text(
            json.dumps({"documents": written, "seed": args.seed, "indexing": indexing})
        )
    return indexing


def _size_mb(connection) -> float:
    from django.conf import settings

    if connection.vendor == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        return sum(f.stat().st_size for f in path.parent.glob(path.name + "*")) / 1e6
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('core_searchdocument')")
        return cursor.fetchone()[0] / 1e6


def _prepare_scan_table(connection) -> None:
    """The same text (normalised title and body in one column) in a table with no index at
    all: the plain LIKE '%…%' scan that the search index is compared with."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PLAIN_TABLE}")
        cursor.execute(
            f"CREATE TABLE {PLAIN_TABLE} AS SELECT id, normalized AS text FROM core_searchdocument"  # noqa: S608
        )
        cursor.execute(f"ANALYZE {PLAIN_TABLE}")


def _scan(words: list[str]) -> int:
    """Every word as LIKE '%word%' over the plain table: one page by id and the total."""
    from django.db import connection

    like = " AND ".join(["text LIKE %s ESCAPE '\\'"] * len(words))
    escaped = (w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words)
    params = [f"%{w}%" for w in escaped]
    sql = (
        f"SELECT id, count(*) OVER () FROM {PLAIN_TABLE} WHERE {like} "  # noqa: S608
        f"ORDER BY id DESC LIMIT {PAGE}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return rows[0][1] if rows else 0


def _shown(results) -> None:
    """Read every snippet of the page, as the result page does."""
    for hit in results.hits:
        str(hit.snippet)


def _timed(function, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock milliseconds of each run; with `cpu`, the CPU time this thread spent in each
    run is added to it (on SQLite all of a query's work, on PostgreSQL the client's part: it
    depends less on what else the machine runs than wall-clock time)."""
    latencies = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        function()
        latencies.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - started_cpu) * 1000)
    return latencies


def _percentiles(latencies: list[float]) -> dict:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"runs": len(latencies), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def _time_kind(kind: str, queries: list[str], args: argparse.Namespace) -> dict:
    from kuyakusho.core.search import query_words, search
    from kuyakusho.core.site_search import site_search

    timings: dict[str, list[float]] = {"search": [], "site search": [], "scan": []}
    cpu: list[float] = []
    totals, scan_totals, shown_totals = [], [], []
    agree = True
    for query in queries:
        words = query_words(query)
        first = search(query, limit=PAGE)  # warm-up, and the match count
        totals.append(first.total)
        scan_totals.append(_scan(words))
        # A total that reached core.search.COUNT_CAP is a lower bound ("1000+").
        shown_totals.append(f"{first.total}+" if first.total_is_lower_bound else first.total)
        if first.total_is_lower_bound:
            agree = agree and scan_totals[-1] >= first.total
        else:
            agree = agree and scan_totals[-1] == first.total
        timings["search"] += _timed(
            lambda q=query: _shown(search(q, limit=PAGE)), args.repetitions, cpu
        )
        timings["site search"] += _timed(
            lambda q=query: _shown(site_search(q, kind=None, language="ja")), args.repetitions
        )
        timings["scan"] += _timed(lambda w=words: _scan(w), args.scan_repetitions)
    figures = {what: _percentiles(values) for what, values in timings.items()}
    figures["search cpu"] = _percentiles(cpu)
    for what, values in figures.items():
        matches = shown_totals if what != "scan" else scan_totals
        print(
            f"{kind:<20} {what:<12} {values['runs']:>5} {values['p50']:>8.2f} "
            f"{values['p95']:>8.2f} {values['p99']:>8.2f}  {', '.join(map(str, matches))}",
            flush=True,
        )
    if not agree:
        print(f"  ! the index and the LIKE scan disagree on match counts: {totals} {scan_totals}")
    figures["matches"] = totals
    return figures


# --- Ranking quality ----------------------------------------------------------------------


def _quality() -> dict:
    from _search_judged import QUERIES as JUDGED_QUERIES

    from kuyakusho.core.search import search
    from kuyakusho.core.site_search import site_search

    rankers = {
        "search": lambda q: [h.object_key for h in search(q, limit=TOP).hits],
        "site_search": lambda q: [
            h.object_key for h in site_search(q, kind=None, language="ja").hits[:TOP]
        ],
    }
    result: dict = {"queries": len(JUDGED_QUERIES)}
    ranks: dict[str, list[int | None]] = {}
    for name, ranker in rankers.items():
        ranks[name] = [_first_rank(ranker(q.text), q.relevant) for q in JUDGED_QUERIES]
        recalls = [
            len(set(ranker(q.text)) & set(q.relevant)) / len(q.relevant) for q in JUDGED_QUERIES
        ]
        result[name] = {
            "mrr": _mrr(ranks[name]),
            "recall": statistics.mean(recalls),
            "by_kind": {
                kind: _mrr(
                    [r for r, q in zip(ranks[name], JUDGED_QUERIES, strict=True) if q.kind == kind]
                )
                for kind in dict.fromkeys(q.kind for q in JUDGED_QUERIES)
            },
        }
    same = ranks["search"] == ranks["site_search"]
    print(f"\nranking on {len(JUDGED_QUERIES)} judged queries (rank of the first relevant hit):")
    for query, rank, site_rank in zip(
        JUDGED_QUERIES, ranks["search"], ranks["site_search"], strict=True
    ):
        shown = "-" if rank is None else str(rank)
        if not same and rank != site_rank:
            shown += f" (site search: {'-' if site_rank is None else site_rank})"
        print(f"  {query.kind:<10} {query.text:<24} {shown}")
    for name in rankers:
        by_kind = ", ".join(f"{k} {v:.3f}" for k, v in result[name]["by_kind"].items())
        print(
            f"{name}: MRR@{TOP} {result[name]['mrr']:.3f}, recall@{TOP} "
            f"{result[name]['recall']:.3f}; MRR@{TOP} by kind: {by_kind}"
        )
    if same:
        print("site search ranks the first relevant hit exactly as core.search does")
    return result


def _first_rank(keys: list[str], relevant: tuple[str, ...]) -> int | None:
    return next((i for i, key in enumerate(keys[:TOP], 1) if key in relevant), None)


def _mrr(ranks: list[int | None]) -> float:
    return statistics.mean(0.0 if r is None else 1.0 / r for r in ranks) if ranks else 0.0


if __name__ == "__main__":
    sys.exit(main())
