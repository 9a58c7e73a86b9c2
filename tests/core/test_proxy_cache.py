"""The production proxy (deploy/nginx/) in front of a live app server: a real nginx with the
project's own files. What visitors rely on: the proxy shares only pages that are the same for
every anonymous visitor, never someone's signed-in view or CSRF token, keeps languages apart,
and shows a change within the few seconds the app allows."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client

from kuyakusho.faq import services as faq_services
from kuyakusho.faq.models import Category

from ..conftest import sign_in
from ..faq.conftest import make_answer

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Like the browser tests: skipped without nginx, but a failure in CI (CI is set).
    pytest.mark.skipif(
        not Path(NGINX).exists() and not os.environ.get("CI"),
        reason="needs Debian's nginx-light (.ci/run installs it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def proxy(live_server, settings) -> Iterator[int]:
    """nginx on a free port with deploy/nginx/kuyakusho-cache.conf and kuyakusho-proxy.conf,
    wired as kuyakusho-site.conf.example wires them; returns its port."""
    # Not pytest's tmp_path: its parents are private to root, and nginx's workers run as nobody.
    tmp_path = Path(tempfile.mkdtemp(prefix="kuyakusho-proxy-test-"))
    settings.PAGE_CACHE_SECONDS = 60
    settings.PROXY_CACHE_SECONDS = 2
    # The disaster page's files, where nginx (deploy/nginx/kuyakusho-disaster.conf) reads them.
    settings.DISASTER_PAGE_DIR = tmp_path / "public" / "disaster"
    disaster_conf = tmp_path / "kuyakusho-disaster.conf"
    disaster_conf.write_text(
        (DEPLOY / "kuyakusho-disaster.conf")
        .read_text()
        .replace("/srv/kuyakusho/var/public", str(tmp_path / "public"))
    )
    caches["pages"].clear()
    app_port = live_server.url.rsplit(":", 1)[1]
    port = _free_port()
    cache_conf = tmp_path / "kuyakusho-cache.conf"
    cache_conf.write_text(
        (DEPLOY / "kuyakusho-cache.conf")
        .read_text()
        .replace("/var/cache/nginx/kuyakusho", str(tmp_path / "cache"))
    )
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp_path}/body;
  proxy_temp_path {tmp_path}/proxy;
  include {cache_conf};
  upstream kuyakusho_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{ include {DEPLOY / "kuyakusho-proxy.conf"}; }}
    include {disaster_conf};
  }}
}}
"""
    )
    for path in [tmp_path, *tmp_path.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o644)  # nginx's workers run as nobody
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                problem = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"nginx did not start: {problem}") from None
            time.sleep(0.05)
    yield port
    process.send_signal(signal.SIGQUIT)
    process.wait(timeout=10)
    shutil.rmtree(tmp_path, ignore_errors=True)
    caches["pages"].clear()


def _get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept-Language": "ja", **headers})
    response = connection.getresponse()
    body = response.read().decode()
    found = {k.lower(): v for k, v in response.getheaders()}
    set_cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    found["set-cookie"] = "\n".join(set_cookies)
    connection.close()
    return response.status, found, body


@pytest.fixture
def answer(ward, departments):  # type: ignore[no-untyped-def]
    roads = Category.objects.create(
        code="roads", name_ja="道路・公園", name_en="Roads", department=departments["road"]
    )
    return make_answer(roads, {"ja": ("道路に穴があいています", "場所をお知らせください。")})


def test_anonymous_pages_are_shared_by_the_proxy_per_language(ward, proxy):
    first = _get(proxy, "/")
    assert first[1]["x-proxy-cache"] == "MISS"
    assert first[1]["cache-control"] == "max-age=0, s-maxage=2"  # browsers keep nothing
    second = _get(proxy, "/")
    assert second[1]["x-proxy-cache"] == "HIT" and second[2] == first[2]

    english = _get(proxy, "/", **{"Accept-Language": "en"})
    assert english[1]["x-proxy-cache"] == "MISS"
    assert '<html lang="en"' in english[2] and '<html lang="ja"' in second[2]
    assert _get(proxy, "/", **{"Accept-Language": "en"})[2] == english[2]


def test_signed_in_residents_always_get_their_own_page(ward, resident, proxy):
    anonymous = _get(proxy, "/")[2]
    _get(proxy, "/")  # now stored by the proxy
    client = sign_in(Client(), resident)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    status, headers, body = _get(proxy, "/", Cookie=cookie)
    assert status == 200 and headers["x-proxy-cache"] == "BYPASS"
    assert "ログアウト" in body and "ログアウト" not in anonymous
    assert "cache-control" not in headers  # nothing personal is marked shareable
    # …and the proxy did not store it for the next anonymous visitor.
    assert "ログアウト" not in _get(proxy, "/")[2]


def test_a_page_with_a_token_is_never_shared_between_visitors(ward, answer, proxy):
    path = "/faq/inquiry/"
    pages = [_get(proxy, path) for _ in range(3)]
    tokens = {TOKEN.search(body).group(1) for _status, _headers, body in pages}
    assert len(tokens) == 3  # each visitor got their own token
    for _status, headers, _body in pages:
        assert headers["x-proxy-cache"] == "MISS" and "csrftoken=" in headers["set-cookie"]
        assert "cache-control" not in headers


def test_a_withdrawn_answer_leaves_the_proxy_within_its_few_seconds(
    ward, answer, road_staff, proxy
):
    path = f"/faq/answers/{answer.pk}/"
    _get(proxy, path)
    status, headers, body = _get(proxy, path)
    assert headers["x-proxy-cache"] == "HIT" and "道路に穴があいています" in body
    faq_services.withdraw_answer(road_staff.user, answer)
    # The proxy hears of no change: it may answer from its copy until s-maxage (2 s) runs
    # out, then fetches the page again.
    deadline = time.monotonic() + 15
    while "道路に穴があいています" in body and time.monotonic() < deadline:
        time.sleep(0.25)
        status, headers, body = _get(proxy, path)
    assert status == 404 and "道路に穴があいています" not in body
    # …and the old copy never comes back, although the 404 itself is not stored.
    assert [_get(proxy, path)[0] for _ in range(5)] == [404] * 5


def test_nginx_serves_the_disaster_page_from_the_files_without_the_app(
    proxy, crisis_staff, crisis_approver, departments
):
    from kuyakusho.disaster import services as disaster

    data = disaster.template_input(departments["disaster"], "evacuation_order", is_exercise=True)
    alert = disaster.save_draft(crisis_staff.user, data)
    disaster.submit(crisis_staff.user, alert)
    disaster.approve(crisis_approver.user, alert)  # committed: the files are written
    status, headers, body = _get(proxy, "/disaster/")
    assert status == 200 and "【警戒レベル4】避難指示（区内全域）" in body
    assert "content-language" not in headers  # nginx read the file; the app was not asked
    assert "style-src 'sha256-" in headers["content-security-policy"]
    assert headers["cache-control"] == "max-age=0, s-maxage=1"
    status, _headers, body = _get(proxy, "/disaster/index.en.html")
    assert status == 200 and "[Level 4] Evacuation order" in body
