"""The disaster page on the night of an earthquake (issue #6, Performance and reliability).

One command: `python bench/bench_disaster_page.py` (or `kuyakusho bench disaster_page`).

1. A fresh embedded platform with the demo data (bench/_setup.py). In this process, N times:
   an exercise alert is drafted, submitted and approved by a second person through the real
   services, and the time from the approval call to the Japanese page file holding its headline
   is measured (the page is written once the approving transaction commits); then the alert
   is lifted the same way. Goal: regenerated ≤ 1 s after approval.
2. With an alert in force, the page under load at 200 concurrent connections (wrk):
   - served by the platform's own app server (`kuyakusho serve --no-worker`, granian): as the
     embedded default runs it (one process) and with one process per core (`--workers 2`, what
     it runs with REDIS_URL set on this two-core machine; ADR 0011);
   - served by nginx in front of it with deploy/nginx/kuyakusho-disaster.conf (nginx reads
     the files the platform wrote, the app is not asked);
   - a static file of the same size served by nginx: the limit.
   Goals: app-served ≥ 0.3× the static figure; with nginx in front ≈ 1×.

wrk and nginx come from Debian (`apt-get install -y wrk nginx-light`). nginx runs as a child
process with its own configuration on a free port, never the system service. The client runs
on the same cores as the server. Prints figures only; asserts nothing about time.

    python bench/bench_disaster_page.py [--publications 20] [--duration 10] [--connections 200]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _setup import PROJECT, fresh_platform, machine, percentile
from bench_portal_http import _free_port, _get, _start_nginx, _start_server, _stop, _wrk

SNIPPET = PROJECT / "deploy" / "nginx" / "kuyakusho-disaster.conf"


def _people():  # type: ignore[no-untyped-def]
    from kuyakusho.accounts.models import User

    return (
        User.objects.get(email="bousai@example.jp"),
        User.objects.get(email="bousai-chief@example.jp"),
    )


def _release(author, approver, alert) -> float:  # type: ignore[no-untyped-def]
    """Submit and approve; seconds from the approval call until the page file shows it."""
    from django.db import transaction

    from kuyakusho.disaster import publication, services

    services.submit(author, alert)
    headline = alert.texts.get(language="ja").headline
    page = publication.page_file("ja")
    started = time.perf_counter()
    with transaction.atomic():  # as a request does: the page is written after the commit
        services.approve(approver, alert)
    while headline not in page.read_text(encoding="utf-8"):
        time.sleep(0.001)
    return time.perf_counter() - started


def measure_regeneration(count: int) -> list[float]:
    from kuyakusho.disaster import services
    from kuyakusho.disaster.models import Alert, MessageType

    author, approver = _people()
    department = author.memberships.get().department
    seconds = []
    for _ in range(count):
        data = services.template_input(department, "evacuation_order", is_exercise=True)
        alert = services.save_draft(author, data)
        seconds.append(_release(author, approver, alert))
        cancel = services.start_follow_up(
            author, Alert.objects.get(pk=alert.pk), MessageType.CANCEL
        )
        seconds.append(_release(author, approver, cancel))
    # Leave one alert in force for the load test.
    data = services.template_input(department, "evacuation_order", is_exercise=True)
    _release(author, approver, services.save_draft(author, data))
    return seconds


def _readable_by_nginx(*folders: Path) -> None:
    """nginx's workers run as nobody: the temporary folders (mode 0700) must let them in."""
    for folder in folders:
        for path in [*folder.parents[:-1], folder, *folder.rglob("*")]:
            if path.is_dir() and str(path).startswith(tempfile.gettempdir()):
                path.chmod(0o755)
            elif path.is_file():
                path.chmod(0o644)


def _check(port: int, path: str, expected: str) -> None:
    status, _headers, body, _wire = _get(port, path, {"Accept-Language": "ja"})
    if status != 200 or expected not in body.decode():
        raise RuntimeError(f"{path} on port {port} answered {status} without the alert")


def _start_disaster_nginx(prefix: Path, port: int, public_root: Path) -> object:
    snippet = SNIPPET.read_text(encoding="utf-8").replace(
        "/srv/kuyakusho/var/public", str(public_root)
    )
    local = prefix / "kuyakusho-disaster.conf"
    local.write_text(snippet, encoding="utf-8")
    body = f"  server {{ listen 127.0.0.1:{port}; include {local}; }}"
    return _start_nginx(prefix, port, body)


def _start_static(prefix: Path, port: int, root: Path) -> object:
    return _start_nginx(prefix, port, f"  server {{ listen 127.0.0.1:{port}; root {root}; }}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publications", type=int, default=20, help="alerts published and lifted")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per set-up")
    parser.add_argument("--connections", type=int, default=200)
    args = parser.parse_args()
    var_dir = fresh_platform()
    from django.conf import settings

    print(f"machine: {machine()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    seconds = measure_regeneration(args.publications)
    print(
        f"page regenerated after approval ({len(seconds)} publications and lifts): "
        f"median {statistics.median(seconds) * 1000:.1f} ms, "
        f"p95 {percentile(seconds, 0.95) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms "
        f"(goal ≤ 1000 ms)"
    )
    from django.db import connection

    connection.close()
    public_root = Path(settings.DISASTER_PAGE_DIR).parent
    work = Path(tempfile.mkdtemp(prefix="kuyakusho-bench-disaster-"))
    app_port, proxy_port, static_port = _free_port(), _free_port(), _free_port()
    app_2_port = _free_port()
    processes = []
    try:
        processes.append(_start_server(var_dir, app_port, work / "server.log"))
        processes.append(
            _start_server(var_dir, app_2_port, work / "server-2.log", "--workers", "2")
        )
        for port in (app_port, app_2_port):
            status, _headers, body, _wire = _get(port, "/disaster/", {"Accept-Language": "ja"})
            assert status == 200 and "【訓練】" in body.decode(), "the alert is not on the page"
        (work / "proxy").mkdir()
        processes.append(_start_disaster_nginx(work / "proxy", proxy_port, public_root))
        static_root = work / "static" / "root"
        static_root.mkdir(parents=True)
        shutil.copy(public_root / "disaster" / "index.html", static_root / "page.html")
        _readable_by_nginx(public_root, static_root)
        processes.append(_start_static(work / "static", static_port, static_root))
        headline = "【訓練】"
        _check(static_port, "/page.html", headline)
        _check(proxy_port, "/disaster/", headline)
        print(
            f"page size: {len(body):,} bytes (goal ≤ 30 KB); {args.connections} connections, "
            f"{args.duration} s each"
        )
        results = {}
        for name, port, path in [
            ("nginx static file (the limit)", static_port, "/page.html"),
            ("app server, 1 process", app_port, "/disaster/"),
            ("app server, 2 processes", app_2_port, "/disaster/"),
            ("nginx in front (deploy/nginx)", proxy_port, "/disaster/"),
        ]:
            results[name] = _wrk(port, path, args.connections, args.duration)
        limit = results["nginx static file (the limit)"].requests_per_second
        print(f"{'set-up':32} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'÷ static':>9}  problems")
        for name, result in results.items():
            print(
                f"{name:32} {result.requests_per_second:10,.0f} {result.p50_ms:8.2f} {result.p99_ms:8.2f} "
                f"{result.requests_per_second / limit:9.2f}  {result.errors or '-'}"
            )
    finally:
        for process in reversed(processes):
            _stop(process)  # type: ignore[arg-type]
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
