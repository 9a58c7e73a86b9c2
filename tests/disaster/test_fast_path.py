"""The WSGI fast path for the disaster page: anonymous readers get the written file in their
language (cookie, then Accept-Language) with the page's security headers; anyone with a
session, any other path or a query goes through Django unchanged."""

from __future__ import annotations

from wsgiref.util import setup_testing_defaults

import pytest

from kuyakusho.disaster import publication
from kuyakusho.disaster.fast_path import CHOICES_KEPT, DisasterPageFastPath

pytestmark = pytest.mark.django_db


def _call(path: str, **environ: str) -> tuple[str, dict[str, str], bytes, list[str]]:
    passed: list[str] = []

    def django(env, start_response):  # type: ignore[no-untyped-def]
        passed.append(env["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"django"]

    env = {"PATH_INFO": path, "REQUEST_METHOD": "GET", **environ}
    setup_testing_defaults(env)
    answer: dict = {}

    def start_response(status, headers):  # type: ignore[no-untyped-def]
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(DisasterPageFastPath(django)(env, start_response))
    return answer["status"], answer["headers"], body, passed


@pytest.fixture
def pages(ward):
    publication.write_pages()


def test_anonymous_readers_get_the_file_in_their_language(pages):
    status, headers, body, passed = _call("/disaster/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    assert status == "200 OK" and passed == []
    assert headers["Content-Language"] == "en" and b"Disaster information" in body
    assert publication.PAGE_CSS_HASH in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    # The language cookie wins over the header, as on the rest of the site.
    _status, headers, body, _ = _call(
        "/disaster/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="kuyakusho_language=ko"
    )
    assert headers["Content-Language"] == "ko"
    _status, headers, body, _ = _call("/disaster/index.zh-hant.html")
    assert headers["Content-Language"] == "zh-hant"
    assert _call("/disaster/", REQUEST_METHOD="HEAD")[2] == b""


def test_a_new_page_is_read_as_soon_as_it_is_written(pages):
    _status, _headers, before, _ = _call("/disaster/")
    publication.page_file("ja").write_bytes(before.replace(b"</main>", b"<p>NEW</p></main>"))
    assert b"NEW" in _call("/disaster/")[2]


@pytest.mark.parametrize(
    ("path", "environ"),
    [
        (
            "/disaster/",
            {"HTTP_COOKIE": "kuyakusho_session=abc"},
        ),  # a signed-in reader's saved language
        ("/disaster/", {"QUERY_STRING": "x=1"}),
        ("/disaster/", {"REQUEST_METHOD": "POST"}),
        ("/disaster/index.xx.html", {}),
        ("/disaster/../etc/passwd", {}),
        ("/shelters/", {}),
    ],
)
def test_everything_else_goes_through_django(pages, path, environ):
    status, _headers, body, passed = _call(path, **environ)
    assert passed == [path] and body == b"django"


def test_before_the_first_page_is_written_django_answers(ward):
    assert _call("/disaster/")[3] == ["/disaster/"]


def _reader(fast_path: DisasterPageFastPath, accept_language: str) -> str:
    env = {"PATH_INFO": "/disaster/", "REQUEST_METHOD": "GET"}
    env["HTTP_ACCEPT_LANGUAGE"] = accept_language
    setup_testing_defaults(env)
    answer: dict = {}

    def start_response(status, headers):  # type: ignore[no-untyped-def]
        answer.update(headers)

    b"".join(fast_path(env, start_response))
    return answer["Content-Language"]


def test_a_language_the_ward_switches_off_stops_being_served_within_seconds(
    pages, ward, monkeypatch
):
    """The server's one long-lived fast path keeps the ward's languages for a second only."""
    from kuyakusho.core import services as core_services
    from kuyakusho.disaster import fast_path as module

    fast_path = DisasterPageFastPath(lambda env, start_response: [b"django"])
    assert _reader(fast_path, "ko") == "ko"
    ward.enabled_languages = ["ja", "en"]
    ward.save()
    core_services.forget_active_ward()
    later = module.time.monotonic() + module.ENABLED_SECONDS + 1
    monkeypatch.setattr(module.time, "monotonic", lambda: later)
    assert _reader(fast_path, "ko") == "ja"
    assert _reader(fast_path, "en") == "en"


def test_what_readers_send_cannot_grow_the_servers_memory(pages):
    fast_path = DisasterPageFastPath(lambda env, start_response: [b"django"])
    for number in range(3 * CHOICES_KEPT):
        assert _reader(fast_path, f"x-{number},en;q=0.5") == "en"
    assert len(fast_path._chosen) <= CHOICES_KEPT
