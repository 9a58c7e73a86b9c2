"""Citizen reports (issue #4): a map of 50,000 reports on the embedded default (SQLite), served
by `kuyakusho serve` (granian) on loopback, from a client in another process.

- GET /reports.geojson with a bounding box of about 1 km × 1 km (no server-side clustering
  yet: every report in the box is returned), p50/p95/p99 over 400 requests, 8 clients;
- Open311 GET /open311/v2/requests.json (the default window: the last 90 days, at most 1,000
  requests per answer) at 50 concurrent clients: throughput and p99 over 500 requests.

Prints figures; asserts nothing about time (design.md §3)."""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from _setup import PROJECT, fresh_platform, machine, percentile

REPORTS = int(os.environ.get("BENCH_REPORTS", "50000"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def _fill() -> None:
    from django.utils import timezone

    from kuyakusho.core.services import active_ward
    from kuyakusho.reports.models import Category, Report
    from kuyakusho.reports.states import Source, State

    ward = active_ward()
    categories = list(Category.objects.select_related("department"))
    rng = random.Random(4)
    now = timezone.now()
    states = [State.RECEIVED] * 4 + [State.IN_PROGRESS] * 2 + [State.FIXED] * 3 + [State.NO_ACTION]
    rows = []
    for _ in range(REPORTS):
        category = rng.choice(categories)
        at = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        rows.append(Report(
            category=category, department=category.department, state=rng.choice(states),
            lat=rng.uniform(ward.bounds_south, ward.bounds_north),
            lon=rng.uniform(ward.bounds_west, ward.bounds_east),
            description="ベンチマーク用のレポート", source=Source.WEB, confirmed_at=at,
            requested_at=at, is_sample=True,
        ))  # fmt: skip
    Report.objects.bulk_create(rows, batch_size=2000)


def _measure(port: int, paths: list[str], clients: int) -> tuple[float, list[float], int, int]:
    def one(path: str) -> tuple[float, int, int]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Language": "ja"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return time.perf_counter() - started, response.status, len(body)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, paths))
    elapsed = time.perf_counter() - started
    errors = sum(1 for _l, status, _n in results if status != 200)
    size = sum(n for _l, _s, n in results) // max(len(results), 1)
    return elapsed, [latency for latency, _s, _n in results], errors, size


def main() -> None:
    var_dir = fresh_platform()
    started = time.perf_counter()
    _fill()
    print(f"machine: {machine()}")
    print(f"{REPORTS:,} reports inserted in {time.perf_counter() - started:.1f} s (SQLite)")
    port = _free_port()
    env = {**os.environ, "KUYAKUSHO_VAR_DIR": str(var_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "kuyakusho.cli", "serve", "--port", str(port), "--no-worker"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_until_up(port)
        rng = random.Random(7)
        boxes = []
        for _ in range(400):
            west, south = rng.uniform(139.56, 139.67), rng.uniform(35.72, 35.77)
            boxes.append(f"/reports.geojson?bbox={west:.5f},{south:.5f},{west + 0.011:.5f},"
                         f"{south + 0.009:.5f}")  # fmt: skip
        _measure(port, boxes[:20], 4)  # warm-up
        elapsed, latencies, errors, size = _measure(port, boxes, 8)
        print(
            f"GET /reports.geojson?bbox (≈1 km², 8 clients, {len(boxes)} requests): "
            f"{len(boxes) / elapsed:.0f} req/s, p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, {size:,} bytes, {errors} errors"
        )
        # The same address: anonymous clients share the page cache (60 s); then a different
        # start_date each time, so that every answer is built.
        same = ["/open311/v2/requests.json"] * 500
        fresh = [f"/open311/v2/requests.json?start_date=2026-{1 + i % 9:02d}-{1 + i % 28:02d}T"
                 f"{i % 24:02d}:{i % 60:02d}:00%2B09:00" for i in range(300)]  # fmt: skip
        for label, paths in (("page cache shared", same), ("each answer built", fresh)):
            elapsed, latencies, errors, size = _measure(port, paths, 50)
            print(
                f"GET /open311/v2/requests.json, {label} (50 clients, {len(paths)} requests, "
                f"≤1,000 requests each): {len(paths) / elapsed:.1f} req/s, "
                f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, {size:,} bytes, {errors} errors"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
