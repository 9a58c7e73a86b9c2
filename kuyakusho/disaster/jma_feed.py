"""Where JMA messages come from: JMA's Atom feeds over HTTP(S), or a folder files are dropped in.

JMA publishes 防災情報XML through Atom feeds (https://xml.kishou.go.jp/xmlpull.html); the
earthquake and volcano feed is https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml (高頻度)
with an hourly-refreshed long-term sibling eqvol_l.xml. Each <entry> names one message: its
<title> is the message's Control/Title, <id> and <link href> its URL, <updated> when it was
sent. Sites that receive messages another way (a relay, a contractor's system) drop the XML
files into a folder instead, which `scan_drop_folder`/`archive` read.

Nothing here decides anything: `kuyakusho.disaster.jma.parse_report` reads a message and the
disaster domain acts on it.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from http.client import HTTPException
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from .jma import MAX_MESSAGE_BYTES, JmaFormatError

logger = logging.getLogger(__name__)

NS_ATOM = "http://www.w3.org/2005/Atom"
JMA_EQVOL_FEED = "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml"

# The high-frequency feed holds the last ten minutes or so of every kind of message: well under
# a megabyte. The long-term feed is bigger but still a few megabytes at most.
MAX_FEED_BYTES = 8 * 1024 * 1024

ALLOWED_SCHEMES = ("http", "https")
USER_AGENT = "Kuyakusho-JMA/1.0 (+https://github.com/kuyakusho)"

PROCESSED = "processed"
REJECTED = "rejected"
OUTCOMES = (PROCESSED, REJECTED)

# Files still being written: tools write to a temporary name and rename, or write in place.
PARTIAL_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")
SETTLE_SECONDS = 1.0


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str  # the message's Control/Title, e.g. 震度速報
    updated: datetime
    url: str  # where the message itself is fetched (http or https)


class JmaFetchError(Exception):
    """Fetching failed; the message is short and names no response content."""


class UnsupportedUrlError(JmaFetchError, ValueError):
    """The URL is not http(s): a configuration error, refused before any connection."""


class ResponseTooLargeError(JmaFetchError):
    """The server sent (or announced) more than the allowed number of bytes."""


# --- feed ------------------------------------------------------------------------------------


def _atom(name: str) -> str:
    return f"{{{NS_ATOM}}}{name}"


def _text(parent: Element, name: str) -> str:
    element = parent.find(_atom(name))
    return (element.text or "").strip() if element is not None else ""


def _entry_url(entry: Element, base_url: str | None) -> str | None:
    # JMA gives one <link type="application/xml" href=...>; prefer rel="alternate" (Atom's
    # default when rel is absent) over related/self links.
    for link in entry.findall(_atom("link")):
        if link.get("rel", "alternate") != "alternate":
            continue
        href = (link.get("href") or "").strip()
        if not href:
            continue
        url = urljoin(base_url, href) if base_url else href
        if urlsplit(url).scheme in ALLOWED_SCHEMES:
            return url
    return None


def parse_feed(data: bytes, *, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of a JMA Atom feed, in feed order. An entry without a usable id, title,
    date or http(s) link is skipped (and logged) so that it cannot hide the others; a document
    that is not an Atom feed raises JmaFormatError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_feed expects bytes")
    if len(data) > MAX_FEED_BYTES:
        raise JmaFormatError("feed too large")
    try:
        root = safe_fromstring(
            bytes(data), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise JmaFormatError("DTD or entity declarations are not accepted") from None
    except (ParseError, LookupError, UnicodeError, ValueError):
        raise JmaFormatError("not well-formed XML") from None
    if root.tag != _atom("feed"):
        raise JmaFormatError("not an Atom feed")

    entries: list[FeedEntry] = []
    for position, entry in enumerate(root.findall(_atom("entry")), start=1):
        entry_id, title, updated_text = (
            _text(entry, "id"),
            _text(entry, "title"),
            _text(entry, "updated"),
        )
        url = _entry_url(entry, base_url)
        try:
            updated = datetime.fromisoformat(updated_text) if updated_text else None
        except ValueError:
            updated = None
        if not (entry_id and title and url and updated and updated.tzinfo):
            logger.warning("JMA feed: entry %d skipped (missing id, title, date or link)", position)
            continue
        entries.append(FeedEntry(id=entry_id, title=title, updated=updated, url=url))
    return entries


# --- fetch -----------------------------------------------------------------------------------


class _HttpOnlyRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s); urllib's own handler would also follow ftp://."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ALLOWED_SCHEMES:
            raise UnsupportedUrlError("redirect to a non-http(s) URL refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand so that no file://, ftp:// or data: handler exists at all. ProxyHandler
    # keeps the usual http_proxy/https_proxy/no_proxy environment working for ward networks.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """GET an http(s) URL and return its body, at most max_bytes long.

    `timeout` bounds each socket operation and the whole download, so a server that trickles
    bytes cannot hold the caller. Raises UnsupportedUrlError for other schemes,
    ResponseTooLargeError past max_bytes, JmaFetchError for everything else that goes wrong.
    """
    parts = urlsplit(url or "")
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsupportedUrlError("only http and https URLs are fetched")
    deadline = time.monotonic() + timeout
    # The scheme was checked just above and the opener has no handler for any other one.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/xml, */*"}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            announced = response.headers.get("Content-Length")
            if announced and announced.isdigit() and int(announced) > max_bytes:
                raise ResponseTooLargeError(f"response larger than {max_bytes} bytes")
            chunks: list[bytes] = []
            received = 0
            while True:
                # read1 returns what has arrived instead of waiting for the whole chunk, so
                # the deadline is checked even while a server trickles.
                chunk = response.read1(min(64 * 1024, max_bytes + 1 - received))
                if not chunk:
                    break
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    raise ResponseTooLargeError(f"response larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise JmaFetchError("download took longer than the timeout")
            return b"".join(chunks)
    except JmaFetchError:
        raise
    except urllib.error.HTTPError as error:
        raise JmaFetchError(f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise JmaFetchError("timed out") from None
        raise JmaFetchError("connection failed") from None
    except TimeoutError:
        raise JmaFetchError("timed out") from None
    except (HTTPException, OSError):
        raise JmaFetchError("connection failed") from None


# --- drop folder -----------------------------------------------------------------------------


def _is_candidate(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name.startswith(".") or not name.lower().endswith(".xml"):
        return False
    if any(name.lower().endswith(suffix + ".xml") for suffix in PARTIAL_SUFFIXES):
        return False
    # A symlink could point anywhere on the machine: only plain files dropped here are read.
    return entry.is_file(follow_symlinks=False)


def scan_drop_folder(
    path: Path, *, settle_seconds: float = SETTLE_SECONDS, max_bytes: int = MAX_MESSAGE_BYTES
) -> Iterator[tuple[Path, bytes]]:
    """Yield (file, content) for each *.xml file directly in `path`, oldest first.

    Files modified within the last `settle_seconds`, hidden files and *.part/*.tmp names are
    left for a later scan (they are probably still being written). At most max_bytes + 1 bytes
    are read, so that `parse_report` refuses an oversized file instead of this loading it.
    The caller moves each yielded file away with `archive` once it has dealt with it.
    """
    try:
        with os.scandir(path) as scan:
            candidates = [entry for entry in scan if _is_candidate(entry)]
    except OSError:
        logger.warning("JMA drop folder cannot be read")
        return
    settled_before = time.time() - settle_seconds
    dated: list[tuple[float, str, Path]] = []
    for entry in candidates:
        try:
            modified = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue  # vanished since the listing
        if modified <= settled_before:
            dated.append((modified, entry.name, Path(entry.path)))
    for _, name, file_path in sorted(dated):
        try:
            with open(file_path, "rb") as handle:
                content = handle.read(max_bytes + 1)
        except OSError:
            logger.warning("JMA drop folder: %s could not be read", name)
            continue
        yield file_path, content


def archive(path: Path, outcome: str) -> Path:
    """Move a dropped file into the `processed/` or `rejected/` folder beside it, never
    overwriting an earlier file of the same name. Returns the new path."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}")
    path = Path(path)
    target_dir = path.parent / outcome
    target_dir.mkdir(exist_ok=True)
    for attempt in range(1000):
        name = path.name if attempt == 0 else f"{path.stem}.{attempt}{path.suffix}"
        target = target_dir / name
        try:
            # link + unlink refuses to overwrite (rename would silently replace).
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            path.rename(target)  # a filesystem without hard links
            return target
        path.unlink()
        return target
    raise OSError("no free name in the archive folder")
