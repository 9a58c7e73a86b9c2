"""Public portal pages under load (issue #3, Performance), and the weight of each page type.

One command: `python bench/bench_portal_http.py` (or `kuyakusho bench portal_http`).

1. Builds a fresh embedded platform with the demo data (bench/_setup.py) and starts the
   production server as deployed: `kuyakusho serve --no-worker` (granian, 1 process, 8 threads), with
   the page cache at its default lifetime.
2. Warms every page once, checks it is now served from the page cache (X-Cache: hit), and
   drives it with wrk at 50 and 200 concurrent connections: requests/s, p50 and p99.
3. Saves the same HTML as static files, serves them with nginx (a child process with its own
   configuration on a free port, never the system service) and drives them the same way:
   the limit. Prints the ratio.
4. The same pages from a second server with the page cache off (at the first connection
   count only), to show what the cache saves.
5. Page weight: a fresh Chromium profile loads every public page type (map tiles and other
   sites blocked), which gives the resources a first view fetches; each is then fetched as
   the server sends it to a browser that accepts compression and to one that does not.

wrk and nginx come from Debian (`apt-get install -y wrk nginx-light`); Chromium too
(`apt-get install -y chromium`), as for the browser tests. The client runs on the same cores
as the server.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from _setup import PROJECT, fresh_platform, machine

WEIGHT_GOAL = 150 * 1024
WRK_THREADS = 2
CHROMIUM = Path(os.environ.get("KUYAKUSHO_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
COMPRESSED = "gzip, deflate, br, zstd"  # what Chromium sends
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")


@dataclass
class Page:
    label: str
    path: str
    loaded: bool  # part of the throughput set; every page counts for the weight


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


def _public_pages() -> list[Page]:
    """One address per public page type, taken from the demo data just loaded."""
    from django.urls import reverse

    from kuyakusho.events import selectors as events
    from kuyakusho.facilities import selectors as facilities
    from kuyakusho.faq import selectors as faq
    from kuyakusho.faq.services import answer_url
    from kuyakusho.portal.models import ContentPage, LifeAreaPage, NoticePage

    def first_url(model: type) -> str:
        page = model.objects.live().public().order_by("path").first()
        return page.get_url() if page else ""

    answer = faq.published_answers().order_by("pk").first()
    category = next((c for c in faq.categories_with_counts() if c.answer_count), None)
    event = events.upcoming_events(limit=1).first()
    group = events.approved_groups().order_by("pk").first()
    facility = facilities.published().order_by("pk").first()
    pages = [
        Page("home", "/", True),
        Page("notices", "/notices/", True),
        Page("notice", first_url(NoticePage), False),
        Page("life area", first_url(LifeAreaPage), False),
        Page("content page", first_url(ContentPage), True),
        Page("FAQ", "/faq/", True),
        Page("FAQ category", f"/faq/categories/{category.code}/" if category else "", False),
        Page("FAQ answer", answer_url(answer) if answer else "", True),
        Page("FAQ search", "/faq/search/?q=" + quote("ほいくえん"), False),
        Page("inquiry form", reverse("faq:inquiry"), False),
        Page("events", "/events/", True),
        Page("event calendar", reverse("events:calendar"), False),
        Page("event", reverse("events:detail", args=[event.pk]) if event else "", False),
        Page("groups", reverse("events:groups"), False),
        Page("group", reverse("events:group", args=[group.pk]) if group else "", False),
        Page("facilities", "/facilities/", True),
        Page(
            "facility", reverse("facilities:detail", args=[facility.pk]) if facility else "", False
        ),
        Page("site search", "/search/?q=" + quote("保育園"), True),
        Page("mail sign-up", reverse("notifications:subscribe"), False),
        Page("text size", reverse("display_preferences"), False),
        Page("sign in", "/accounts/login/", False),
        Page("register", "/accounts/signup/", False),
    ]
    missing = [p.label for p in pages if not p.path]
    if missing:
        print(f"not in the demo data, skipped: {', '.join(missing)}")
    return [Page(p.label, quote(p.path, safe="/?=&%"), p.loaded) for p in pages if p.path]


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, int]:
    """Status, headers, body and the bytes on the wire (status line, headers and body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in response.getheaders()
    )
    return response.status, dict(response.getheaders()), body, len(head) + 2 + len(body)


def _start_server(
    var_dir: Path, port: int, log: Path, *options: str, **extra: str
) -> subprocess.Popen:
    env = {**os.environ, "KUYAKUSHO_VAR_DIR": str(var_dir), **extra}
    command = ["serve", "--no-worker", "--port", str(port), *options]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "kuyakusho.cli", *command],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_until_up(port)
    return server


def _start_nginx(prefix: Path, port: int, http_body: str) -> subprocess.Popen:
    """nginx as a child process with its own configuration under `prefix`, never the
    system service; `http_body` is what goes inside `http {}` after the common settings."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {name}_temp_path {prefix}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = prefix / "nginx.conf"
    config.write_text(
        f"""{user}worker_processes auto;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}
  default_type "text/html; charset=utf-8";
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
{http_body}
}}
"""
    )
    for path in [prefix, *prefix.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o644)  # readable (and the cache writable)
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_until_up(port, timeout=10)
    return process


def _start_static_nginx(root: Path, port: int) -> subprocess.Popen:
    """nginx serving the saved pages as files: the limit."""
    return _start_nginx(root.parent, port, f"  server {{ listen 127.0.0.1:{port}; root {root}; }}")


def _start_proxy(prefix: Path, port: int, app_port: int) -> subprocess.Popen:
    """The production proxy: nginx with the project's own deploy/nginx/ files in front of
    the app server, as kuyakusho-site.conf.example wires them (plain HTTP here)."""
    deploy = PROJECT / "deploy" / "nginx"
    cache_conf = (deploy / "kuyakusho-cache.conf").read_text()
    if "/var/cache/nginx/kuyakusho" not in cache_conf:
        raise RuntimeError("kuyakusho-cache.conf no longer names /var/cache/nginx/kuyakusho")
    (prefix / "cache").mkdir()
    local = prefix / "kuyakusho-cache.conf"
    local.write_text(cache_conf.replace("/var/cache/nginx/kuyakusho", str(prefix / "cache")))
    body = f"""  include {local};
  upstream kuyakusho_app {{ server 127.0.0.1:{app_port}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{ include {deploy / "kuyakusho-proxy.conf"}; }}
  }}"""
    return _start_nginx(prefix, port, body)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(port: int, path: str, connections: int, seconds: int) -> LoadResult:
    command = [
        "wrk",
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",  # a slow answer counts in the latency, not as a dropped request
        "--latency",
        "-H",
        "Accept-Language: ja",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    problems = []
    if socket_errors := re.search(r"Socket errors: (.*)", output):
        problems.append(socket_errors.group(1).strip())
    if non_2xx := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        problems.append(f"{non_2xx.group(1)} non-2xx")
    return LoadResult(
        float(rate.group(1)) if rate else 0.0, latency("50"), latency("99"), "; ".join(problems)
    )


def _warm(port: int, pages: list[Page], header: str = "X-Cache") -> dict[str, bytes]:
    """Fetch each loaded page twice; the second answer should come from the cache that
    `header` reports on (the app's page cache, or the proxy's)."""
    html = {}
    for page in pages:
        if not page.loaded:
            continue
        _get(port, page.path, {"Accept-Language": "ja"})
        status, headers, body, _size = _get(port, page.path, {"Accept-Language": "ja"})
        cache = headers.get(header, "-")
        print(
            f"  {page.label:<14} {page.path:<40} {status}  {header}: {cache}  {len(body):,} bytes"
        )
        html[page.label] = body
    return html


class _StaticLimit:
    """nginx serving the same HTML as static files on the same machine: the limit. Kept
    running, so each page's limit is measured right before the page itself (a machine whose
    load drifts then moves both figures alike)."""

    def __init__(self, html: dict[str, bytes]) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="kuyakusho-nginx-"))
        root = self.workdir / "html"
        root.mkdir()
        self.files = {}
        for number, label in enumerate(html):
            (root / f"p{number}.html").write_bytes(html[label])
            self.files[label] = f"/p{number}.html"
        self.port = _free_port()
        self.process = _start_static_nginx(root, self.port)

    def measure(self, label: str, connections: int, seconds: int) -> LoadResult:
        return _wrk(self.port, self.files[label], connections, seconds)

    def close(self) -> None:
        _stop(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _print_load(
    title: str,
    port: int,
    pages: list[Page],
    html: dict[str, bytes],
    limit: _StaticLimit | None,
    args: argparse.Namespace,
) -> None:
    print()
    print(title)
    print(
        f"{'page':<14} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}   "
        f"{'nginx req/s':>11} {'p50 ms':>7} {'p99 ms':>7}   {'× nginx':>7}  errors"
    )
    for page in pages:
        if page.label not in html:
            continue
        for connections in args.connections:
            static = limit.measure(page.label, connections, args.duration) if limit else None
            app = _wrk(port, page.path, connections, args.duration)
            ratio = app.requests_per_second / static.requests_per_second if static else float("nan")
            limit_cols = (
                f"{static.requests_per_second:>11.0f} {static.p50_ms:>7.2f} {static.p99_ms:>7.2f}"
                if static
                else f"{'-':>11} {'-':>7} {'-':>7}"
            )
            errors = "; ".join(e for e in (app.errors, static.errors if static else "") if e)
            print(
                f"{page.label:<14} {connections:>5} {app.requests_per_second:>8.0f} "
                f"{app.p50_ms:>8.1f} {app.p99_ms:>8.1f}   {limit_cols}   {ratio:>7.2f}  "
                f"{errors or '-'}",
                flush=True,
            )


def _load(port: int, pages: list[Page], html: dict[str, bytes], args: argparse.Namespace) -> None:
    limit = None if args.no_nginx else _StaticLimit(html)
    try:
        if not args.no_proxy:
            workdir = Path(tempfile.mkdtemp(prefix="kuyakusho-proxy-"))
            proxy_port = _free_port()
            proxy = _start_proxy(workdir, proxy_port, port)
            try:
                print()
                print("through the production proxy (deploy/nginx/), second fetch of each page:")
                _warm(proxy_port, pages, header="X-Proxy-Cache")
                _print_load(
                    "production configuration: nginx with deploy/nginx/ in front of the app "
                    "server (nginx static measured just before each line)",
                    proxy_port,
                    pages,
                    html,
                    limit,
                    args,
                )
            finally:
                _stop(proxy)
                shutil.rmtree(workdir, ignore_errors=True)
        _print_load(
            "the app server alone (page cache hits, no proxy)", port, pages, html, limit, args
        )
    finally:
        if limit is not None:
            limit.close()


def _uncached(
    var_dir: Path, pages: list[Page], html: dict[str, bytes], args: argparse.Namespace
) -> None:
    """The same pages with the page cache turned off: what each request costs without it."""
    port = _free_port()
    server = _start_server(
        var_dir, port, var_dir / "serve-uncached.log", KUYAKUSHO_PAGE_CACHE_SECONDS="0"
    )
    connections = args.connections[0]
    try:
        print()
        print(f"page cache off (KUYAKUSHO_PAGE_CACHE_SECONDS=0), {connections} connections")
        print(f"{'page':<14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  errors")
        for page in pages:
            if page.label in html:
                result = _wrk(port, page.path, connections, args.duration)
                print(
                    f"{page.label:<14} {result.requests_per_second:>8.0f} {result.p50_ms:>8.1f} "
                    f"{result.p99_ms:>8.1f}  {result.errors or '-'}",
                    flush=True,
                )
    finally:
        _stop(server)


def _resources_loaded(port: int, pages: list[Page]) -> dict[str, list[str]]:
    """The same-origin resources a first view of each page fetches, in a real browser."""
    from playwright.sync_api import sync_playwright

    origin = f"http://127.0.0.1:{port}"
    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for page in pages:
                context = browser.new_context(
                    locale="ja-JP", viewport={"width": 1280, "height": 900}
                )
                tab = context.new_page()
                urls: list[str] = []

                def route(route, request, urls=urls):  # type: ignore[no-untyped-def]
                    if request.url.startswith(origin):
                        urls.append(request.url[len(origin) :])
                        return route.continue_()
                    return route.abort()  # map tiles and anything else off this site

                tab.route("**/*", route)
                tab.goto(origin + page.path, wait_until="networkidle")
                context.close()
                found[page.label] = list(dict.fromkeys(urls))
        finally:
            browser.close()
    return found


def _gzip_estimate(headers: dict[str, str], body: bytes, size: int) -> int:
    """What the response would weigh if the server gzipped text (it sends it as it is)."""
    kind = headers.get("Content-Type", "")
    if headers.get("Content-Encoding") or not kind.startswith(TEXT_TYPES):
        return size
    return size - len(body) + len(gzip.compress(body, 6))


def _weights(port: int, pages: list[Page]) -> None:
    print()
    if not CHROMIUM.exists():
        print(f"page weight skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        return
    loaded = _resources_loaded(port, pages)
    print(
        "page weight, first view, KB (status line + headers + body of every same-origin "
        "response; map tiles excluded; /favicon.ico counted because browsers ask for it).\n"
        "'as sent' = to a browser accepting gzip/br/zstd; 'identity' = to one accepting none; "
        "'if gzipped' = estimate had the server compressed text"
    )
    print(
        f"{'page':<14} {'requests':>8} {'as sent':>8} {'identity':>8} {'if gzipped':>10}  "
        f"goal  largest (as sent / identity KB)"
    )
    for page in pages:
        urls = loaded[page.label]
        if "/favicon.ico" not in urls:
            urls.append("/favicon.ico")
        sizes = []
        for url in urls:
            path = urlsplit(url)._replace(scheme="", netloc="").geturl()
            _s, headers, _b, sent = _get(
                port, path, {"Accept-Encoding": COMPRESSED, "Accept-Language": "ja"}
            )
            _s, plain_headers, body, plain = _get(
                port, path, {"Accept-Encoding": "identity", "Accept-Language": "ja"}
            )
            estimate = _gzip_estimate(plain_headers, body, plain)
            sizes.append((path, sent, plain, estimate, headers.get("Content-Encoding", "")))
        sent_total = sum(s[1] for s in sizes)
        plain_total = sum(s[2] for s in sizes)
        estimate_total = sum(s[3] for s in sizes)
        verdict = "ok" if sent_total <= WEIGHT_GOAL else "OVER"
        largest = sorted(sizes, key=lambda s: -s[2])[:3]
        described = ", ".join(
            f"{p.split('?')[0]} {c / 1024:.1f}/{u / 1024:.1f}{' ' + e if e else ''}"
            for p, c, u, _e, e in largest
        )
        print(
            f"{page.label:<14} {len(sizes):>8} {sent_total / 1024:>8.1f} {plain_total / 1024:>8.1f} "
            f"{estimate_total / 1024:>10.1f}  {verdict:<4}  {described}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per point (10)")
    parser.add_argument(
        "--connections", default="50,200", help="concurrent connections, comma-separated"
    )
    parser.add_argument("--no-nginx", action="store_true", help="skip the nginx comparison")
    parser.add_argument(
        "--no-proxy", action="store_true", help="skip the run through the production proxy"
    )
    parser.add_argument("--no-weight", action="store_true", help="skip the page weight")
    parser.add_argument(
        "--no-uncached", action="store_true", help="skip the run with the page cache off"
    )
    parser.add_argument("--no-load", action="store_true", help="only the page weight")
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",") if c]
    needs_nginx = not (args.no_nginx and args.no_proxy)
    for tool in ("wrk",) + (("nginx",) if needs_nginx else ()):
        if not args.no_load and not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            sys.exit(f"{tool} is missing: apt-get install -y {tool}")

    var_dir = fresh_platform()
    pages = _public_pages()
    from django.conf import settings

    port = _free_port()
    log = var_dir / "serve.log"
    server = _start_server(var_dir, port, log)
    try:
        print(f"machine: {machine()}")
        print(
            "server: kuyakusho serve --no-worker (granian, 1 process, 8 threads), page cache "
            f"{settings.PAGE_CACHE_SECONDS} s; client: wrk, {WRK_THREADS} threads, "
            f"{args.duration} s per point, Accept-Language: ja"
        )
        if not args.no_load:
            html = _warm(port, pages)
            _load(port, pages, html, args)
            if not args.no_uncached:
                _uncached(var_dir, pages, html, args)
        if not args.no_weight:
            _weights(port, pages)
    finally:
        _stop(server)
    if "Traceback" in log.read_text(errors="replace"):
        print(f"the server logged an error: see {log}")
    shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
