"""The nginx snippet that serves the disaster page from files must admit the page's style:
its CSP names the hash of the CSS the platform inlines."""

from __future__ import annotations

from pathlib import Path

from kuyakusho.disaster import publication

SNIPPET = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "kuyakusho-disaster.conf"


def test_the_nginx_snippet_carries_the_hash_of_the_page_style():
    assert publication.PAGE_CSS_HASH in SNIPPET.read_text(encoding="utf-8")
