"""Keep personal data out of logs: e-mail addresses, phone numbers, query strings, and the
tokens of links that open something without signing in (a safety reply, an unsubscribe link):
Django's own warnings name the request path, e.g. when a CSRF check refuses a form."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\b0\d{1,4}-?\d{1,4}-?\d{3,4}\b")
QUERY = re.compile(r"(\?)[^\s\"']+")
# A path segment of 20 or more URL-safe characters with both letters and digits: a link token
# (signed or random). Ordinary path segments are words or numbers and stay readable.
TOKEN = re.compile(r"/(?=[\w.:~-]*\d)(?=[\w.:~-]*[A-Za-z])[\w.:~-]{20,}", re.ASCII)


def scrub(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
    text = TOKEN.sub("/[token]", text)
    return QUERY.sub(r"\1[query]", text)


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        record.msg = scrub(message)
        record.args = None
        return True
