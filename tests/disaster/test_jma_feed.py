"""Where JMA messages come from: the Atom feed and its messages fetched from a real HTTP server
on loopback (never the internet), and the drop folder."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kuyakusho.disaster import jma, jma_feed

SAMPLES = Path(__file__).parent / "jma_samples"
JMA_DATA = "https://www.data.jma.go.jp/developer/xml/data/"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# --- feed parsing ----------------------------------------------------------------------------


def test_feed_entries_in_order():
    entries = jma_feed.parse_feed(sample("feed_eqvol.xml"))
    assert [e.title for e in entries] == [
        "震源・震度に関する情報",
        "震源・震度に関する情報",
        "震源に関する情報",
        "震度速報",
    ]
    first = entries[0]
    assert first.id == JMA_DATA + "20250612054020_0_VXSE53_010000.xml"
    assert first.url == first.id
    assert first.updated == datetime(2025, 6, 12, 5, 40, 20, tzinfo=UTC)
    wanted = [e for e in entries if e.title in jma.INTENSITY_TITLES]
    assert len(wanted) == 3


def feed_with(entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f"{entries}</feed>"
    ).encode()


def entry(*, id="urn:x:1", title="震度速報", updated="2025-06-12T05:32:10Z", link=None) -> str:  # noqa: A002
    link_xml = "" if link is None else f'<link type="application/xml" href="{link}"/>'
    return (
        f"<entry><title>{title}</title><id>{id}</id><updated>{updated}</updated>{link_xml}</entry>"
    )


def test_a_bad_entry_is_skipped_and_does_not_hide_the_others(caplog):
    data = feed_with(
        entry(id="urn:1", link="ftp://example.org/secret-path.xml")
        + entry(id="urn:2", link="https://example.org/a.xml", updated="yesterday")
        + entry(id="urn:3", link="https://example.org/b.xml", updated="2025-06-12T05:32:10")
        + entry(id="urn:4")
        + entry(id="", link="https://example.org/c.xml")
        + entry(id="urn:6", link="https://example.org/good.xml")
    )
    with caplog.at_level(logging.WARNING, logger="kuyakusho.disaster.jma_feed"):
        entries = jma_feed.parse_feed(data)
    assert [e.id for e in entries] == ["urn:6"]
    assert len(caplog.records) == 5
    assert "secret-path" not in caplog.text and "yesterday" not in caplog.text


def test_relative_links_resolve_against_the_feed():
    data = feed_with(entry(link="../data/x.xml"))
    (only,) = jma_feed.parse_feed(
        data, base_url="https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml"
    )
    assert only.url == "https://www.data.jma.go.jp/developer/xml/data/x.xml"


def test_related_and_self_links_are_not_the_message():
    data = feed_with(
        "<entry><title>震度速報</title><id>urn:1</id><updated>2025-06-12T05:32:10Z</updated>"
        '<link rel="related" href="https://www.jma.go.jp/"/>'
        '<link href="https://example.org/message.xml"/></entry>'
    )
    assert jma_feed.parse_feed(data)[0].url == "https://example.org/message.xml"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (sample("20250612053210_0_VXSE51_010000.xml"), "not an Atom feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", "not well-formed XML"),
        (sample("xml_bomb.xml"), "DTD or entity declarations are not accepted"),
        (b"", "not well-formed XML"),
    ],
)
def test_what_is_not_a_feed_is_refused(data, reason):
    with pytest.raises(jma.JmaFormatError) as caught:
        jma_feed.parse_feed(data)
    assert str(caught.value) == reason


def test_oversized_feed_is_refused():
    data = feed_with("") + b" " * jma_feed.MAX_FEED_BYTES
    with pytest.raises(jma.JmaFormatError, match="feed too large"):
        jma_feed.parse_feed(data)


# --- fetching over loopback ------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, bytes] = {}
    big_size = 0

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):  # noqa: N802
        path = self.path
        if path in self.routes:
            body = self.routes[path]
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/announced-too-big":
            self.send_response(200)
            self.send_header("Content-Length", str(self.big_size))
            self.end_headers()
            self.wfile.write(b"x" * self.big_size)
        elif path == "/unannounced-too-big":
            # No Content-Length: the body ends when the connection closes.
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for _ in range(self.big_size // 4096 + 1):
                self.wfile.write(b"x" * 4096)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(200):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass  # the client gave up, as it should
        elif path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.xml")
            self.end_headers()
        elif path == "/to-feed":
            self.send_response(302)
            self.send_header("Location", "/feed.xml")
            self.end_headers()
        else:
            self.send_error(404)


@pytest.fixture
def server():
    """A real HTTP server on loopback serving the sample feed and messages."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    feed = sample("feed_eqvol.xml").replace(JMA_DATA.encode(), (base + "data/").encode())
    routes = {"/feed.xml": feed}
    for path in SAMPLES.glob("2025*.xml"):
        routes[f"/data/{path.name}"] = path.read_bytes()
    _Handler.routes = routes
    _Handler.big_size = 64 * 1024
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_feed_and_messages_fetched_and_read(server):
    feed = jma_feed.fetch(server + "feed.xml", timeout=5, max_bytes=jma_feed.MAX_FEED_BYTES)
    entries = jma_feed.parse_feed(feed, base_url=server + "feed.xml")
    reports = []
    for item in entries:
        if item.title not in jma.INTENSITY_TITLES:
            continue
        data = jma_feed.fetch(item.url, timeout=5, max_bytes=jma.MAX_MESSAGE_BYTES)
        reports.append(jma.parse_report(data))
    assert [(r.control_title, r.info_type) for r in reports] == [
        ("震源・震度に関する情報", jma.INFO_CANCELLED),
        ("震源・震度に関する情報", jma.INFO_ISSUED),
        ("震度速報", jma.INFO_ISSUED),
    ]
    nerima = jma.city_code("131202")
    assert jma.highest_intensity_for(reports[1], [nerima]) == "5+"


def test_redirect_within_http_is_followed(server):
    assert jma_feed.fetch(server + "to-feed", timeout=5, max_bytes=10**6).startswith(b"<?xml")


def test_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(jma_feed.UnsupportedUrlError):
        jma_feed.fetch(server + "to-ftp", timeout=5, max_bytes=10**6)


def test_not_found(server):
    with pytest.raises(jma_feed.JmaFetchError, match="^HTTP 404$"):
        jma_feed.fetch(server + "data/missing.xml", timeout=5, max_bytes=10**6)


def test_a_server_that_announces_too_much(server):
    with pytest.raises(jma_feed.ResponseTooLargeError):
        jma_feed.fetch(server + "announced-too-big", timeout=5, max_bytes=1000)


def test_a_server_that_sends_too_much_without_saying_so(server):
    with pytest.raises(jma_feed.ResponseTooLargeError):
        jma_feed.fetch(server + "unannounced-too-big", timeout=5, max_bytes=1000)


def test_exactly_the_limit_is_accepted(server):
    body = jma_feed.fetch(server + "announced-too-big", timeout=5, max_bytes=64 * 1024)
    assert len(body) == 64 * 1024


def test_a_trickling_server_cannot_hold_the_caller(server):
    with pytest.raises(jma_feed.JmaFetchError, match="timeout|timed out"):
        jma_feed.fetch(server + "trickle", timeout=0.3, max_bytes=10**6)


def test_nothing_listening():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(jma_feed.JmaFetchError, match="connection failed"):
        jma_feed.fetch(f"http://127.0.0.1:{port}/feed.xml", timeout=2, max_bytes=1000)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/feed.xml",
        "data:,hello",
        "javascript:alert(1)",
        "",
        "http://",
    ],
)
def test_other_schemes_are_refused_before_connecting(url):
    with pytest.raises(jma_feed.UnsupportedUrlError) as caught:
        jma_feed.fetch(url, timeout=1, max_bytes=1000)
    assert isinstance(caught.value, ValueError)
    assert "passwd" not in str(caught.value)


# --- drop folder -----------------------------------------------------------------------------


def drop(folder: Path, name: str, content: bytes, age_seconds: float) -> Path:
    path = folder / name
    path.write_bytes(content)
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def test_oldest_first_and_unfinished_files_left_alone(tmp_path):
    drop(tmp_path, "b.xml", b"<b/>", 50)
    drop(tmp_path, "a.xml", b"<a/>", 100)
    drop(tmp_path, "c.xml", b"<c/>", 200)
    drop(tmp_path, "fresh.xml", b"<fresh/>", 0)  # still being written
    drop(tmp_path, "d.xml.part", b"<d/>", 300)
    drop(tmp_path, "e.tmp", b"<e/>", 300)
    drop(tmp_path, "f.part.xml", b"<f/>", 300)
    drop(tmp_path, ".g.xml", b"<g/>", 300)
    drop(tmp_path, "notes.txt", b"x", 300)
    (tmp_path / jma_feed.PROCESSED).mkdir()
    drop(tmp_path / jma_feed.PROCESSED, "old.xml", b"<old/>", 400)
    (tmp_path / "link.xml").symlink_to(tmp_path / "c.xml")
    found = [(path.name, data) for path, data in jma_feed.scan_drop_folder(tmp_path)]
    assert found == [("c.xml", b"<c/>"), ("a.xml", b"<a/>"), ("b.xml", b"<b/>")]
    # Once written out, the fresh file is picked up by a later scan.
    os.utime(tmp_path / "fresh.xml", (time.time() - 10, time.time() - 10))
    assert "fresh.xml" in [path.name for path, _ in jma_feed.scan_drop_folder(tmp_path)]


def test_an_oversized_file_is_read_only_far_enough_to_be_refused(tmp_path):
    drop(tmp_path, "huge.xml", b" " * (jma.MAX_MESSAGE_BYTES + 5000), 10)
    ((path, data),) = list(jma_feed.scan_drop_folder(tmp_path))
    assert len(data) == jma.MAX_MESSAGE_BYTES + 1
    with pytest.raises(jma.JmaFormatError, match="too large"):
        jma.parse_report(data)


def test_missing_folder_yields_nothing(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="kuyakusho.disaster.jma_feed"):
        assert list(jma_feed.scan_drop_folder(tmp_path / "absent")) == []
    assert "cannot be read" in caplog.text


def test_archive_moves_and_never_overwrites(tmp_path):
    first = drop(tmp_path, "m.xml", b"one", 10)
    moved = jma_feed.archive(first, jma_feed.PROCESSED)
    assert moved == tmp_path / "processed" / "m.xml" and moved.read_bytes() == b"one"
    assert not first.exists()
    second = drop(tmp_path, "m.xml", b"two", 10)
    moved_again = jma_feed.archive(second, jma_feed.PROCESSED)
    assert moved_again == tmp_path / "processed" / "m.1.xml"
    assert (tmp_path / "processed" / "m.xml").read_bytes() == b"one"
    assert moved_again.read_bytes() == b"two"
    with pytest.raises(ValueError):
        jma_feed.archive(drop(tmp_path, "n.xml", b"x", 10), "deleted")


def test_a_bad_file_never_blocks_the_others_and_nothing_is_read_twice(tmp_path):
    names = [
        "20250612053210_0_VXSE51_010000.xml",
        "malformed_truncated.xml",
        "20250612053300_0_VXSE52_010000.xml",
        "20250612053512_0_VXSE53_010000.xml",
    ]
    for age, name in zip((400, 300, 200, 100), names, strict=True):
        drop(tmp_path, name, sample(name), age)

    def process_folder() -> list[str]:
        seen = []
        for path, data in jma_feed.scan_drop_folder(tmp_path):
            seen.append(path.name)
            try:
                jma.parse_report(data)
            except jma.NotIntensityReportError:
                jma_feed.archive(path, jma_feed.PROCESSED)
            except jma.JmaFormatError:
                jma_feed.archive(path, jma_feed.REJECTED)
            else:
                jma_feed.archive(path, jma_feed.PROCESSED)
        return seen

    assert process_folder() == names
    assert process_folder() == []
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == sorted(
        n for n in names if n != "malformed_truncated.xml"
    )
    assert [p.name for p in (tmp_path / "rejected").iterdir()] == ["malformed_truncated.xml"]
