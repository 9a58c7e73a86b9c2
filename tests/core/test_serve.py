"""`kuyakusho serve`: the app server (granian, ADR 0011) run as an operator runs it, over real
HTTP on loopback; it answers the platform's pages and stops cleanly on SIGTERM, its task worker
with it."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return (
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read().decode(),
        )
    finally:
        connection.close()


def _wait_for_http(port: int, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited while starting"
        try:
            _get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing answered on port {port}")


@pytest.fixture
def embedded_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["KUYAKUSHO_VAR_DIR"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "kuyakusho.cli", "migrate", "-v0"],
        cwd=PROJECT,
        env=env,
        check=True,
        timeout=300,
    )
    return env


def _children(pid: int) -> set[int]:
    """Every process started, directly or not, by `pid` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_serve_answers_pages_and_stops_with_its_worker_on_sigterm(embedded_env, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "kuyakusho.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT,
        env=embedded_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that a failing test can stop every process it started
    )
    try:
        _wait_for_http(port, server)
        # The first reader of a fresh installation has Django write the page files; from then
        # on every process answers from the files (the fast path's own policy shows it).
        assert _get(port, "/disaster/")[0] == 200
        for _ in range(4):  # each of the two processes, whichever answers
            status, headers, body = _get(port, "/disaster/", **{"Accept-Language": "en"})
            assert status == 200 and headers["content-language"] == "en"
            assert "default-src 'none'" in headers["content-security-policy"]
            assert "Disaster information" in body
        status, _headers, body = _get(port, "/", **{"Accept-Language": "ja"})
        assert status == 200 and 'lang="ja"' in body
        status, _headers, _body = _get(port, "/no-such-page/")
        assert status == 404
        helpers = _children(server.pid)
        # two app server processes and the task worker, at least
        assert len(helpers) >= 3, helpers
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in helpers):
            time.sleep(0.2)
        left = [p for p in helpers if Path(f"/proc/{p}/stat").exists()]
        # a zombie waiting for its parent is gone in all but name
        left = [p for p in left if " Z " not in Path(f"/proc/{p}/stat").read_text()]
        assert left == [], "processes outlived the server"
        with pytest.raises(OSError):
            _get(port, "/healthz")
    finally:
        with contextlib.suppress(ProcessLookupError):  # nothing left after a clean stop
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")
