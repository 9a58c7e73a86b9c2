"""HTTP: requests per second and latency of the home page and /healthz, served by
`kuyakusho serve` (granian, embedded SQLite) on loopback, from a client in another process."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from _setup import PROJECT, fresh_platform, machine, percentile

REQUESTS = 2000
CONCURRENCY = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def _measure(port: int, path: str, headers: dict[str, str]) -> tuple[float, list[float], int]:
    def one(_: int) -> tuple[float, int]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return time.perf_counter() - started, response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    errors = sum(1 for _latency, status in results if status >= 500)
    return elapsed, [latency for latency, _status in results], errors


def main() -> None:
    var_dir = fresh_platform()
    port = _free_port()
    env = {**os.environ, "KUYAKUSHO_VAR_DIR": str(var_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "kuyakusho.cli", "serve", "--port", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(port)
        time.sleep(2)  # let the worker write its first heartbeat
        print(f"machine: {machine()}")
        print(
            f"server: kuyakusho serve (granian, 1 process, 8 threads), client: {CONCURRENCY} concurrent connections, {REQUESTS} requests each"
        )
        for path, headers in [
            ("/", {"Accept-Language": "ja"}),
            ("/", {"Accept-Language": "en"}),
            ("/healthz", {}),
        ]:
            elapsed, latencies, errors = _measure(port, path, headers)
            label = f"{path} [{headers.get('Accept-Language', '-')}]"
            print(
                f"{label:<14} {REQUESTS / elapsed:7.0f} req/s  p50 {percentile(latencies, 0.5) * 1000:6.1f} ms  "
                f"p95 {percentile(latencies, 0.95) * 1000:6.1f} ms  5xx: {errors}"
            )
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
