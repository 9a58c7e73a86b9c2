"""Untrusted text written by groups: stored as typed, shown as plain text.

No HTML is ever accepted. On display every character is escaped, line breaks become <br> and
paragraphs, and only http(s) URLs become links, so <script>, javascript: and data: links stay
inert text whatever a group writes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kuyakusho.core.text import strip_unstorable

# Characters RFC 3986 allows in a URL, minus the apostrophe (it ends URLs in quoted prose).
# Anything else — spaces, quotes, <, >, and any non-ASCII such as Japanese text written
# straight after a URL — ends it.
_URL = re.compile(
    r"(?<![A-Za-z0-9+.-])https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.IGNORECASE
)
_TRAILING = ".,;:!?"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n+")
MAX_URL_LENGTH = 2000


def clean_text(value: str | None) -> str:
    """What is stored: unstorable characters (NUL, lone surrogates) gone, CRLF as LF, outer
    whitespace trimmed. Nothing else changes: the organiser's words stay theirs."""
    text = strip_unstorable(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def clean_line(value: str | None) -> str:
    """A one-line field (title, venue): any line break becomes a space."""
    return " ".join(clean_text(value).split("\n")).strip()


def _trim(url: str) -> tuple[str, str]:
    """Drop punctuation that ends a sentence rather than the URL; keep balanced brackets."""
    tail = ""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url, tail = url[:-1], last + tail
        elif last == ")" and url.count("(") < url.count(")"):
            url, tail = url[:-1], last + tail
        elif last == "]" and url.count("[") < url.count("]"):
            url, tail = url[:-1], last + tail
        else:
            break
    return url, tail


def safe_link_target(url: str) -> str | None:
    """The URL if it is an http(s) address with a host, otherwise None."""
    if len(url) > MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _link(url: str) -> str:
    return f'<a href="{escape(url)}" rel="nofollow ugc noopener noreferrer">{escape(url)}</a>'


def _linkify(line: str) -> str:
    pieces, cursor = [], 0
    for match in _URL.finditer(line):
        url, tail = _trim(match.group(0))
        target = safe_link_target(url)
        if target is None:
            continue
        pieces.append(escape(line[cursor : match.start()]))
        pieces.append(_link(target))
        pieces.append(escape(tail))
        cursor = match.end()
    pieces.append(escape(line[cursor:]))
    return "".join(pieces)


def render_plain_text(value: str | None) -> SafeString:
    """Paragraphs on blank lines, <br> on single line breaks, http(s) URLs as links."""
    text = clean_text(value)
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above
