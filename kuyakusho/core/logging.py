"""Keep personal data out of logs: e-mail addresses, phone numbers and query strings."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\b0\d{1,4}-?\d{1,4}-?\d{3,4}\b")
QUERY = re.compile(r"(\?)[^\s\"']+")


def scrub(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
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
