"""axe-core in the browser: WCAG 2.0/2.1/2.2 A and AA rules, with a readable failure report."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_TARGETS = 3


@cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Inject axe and return its violations for the current document.

    `page.evaluate` goes through the DevTools protocol, not a <script> element, so the app's
    strict Content-Security-Policy (script-src 'self' 'nonce-…') does not block it and the
    test does not need `bypass_csp`.
    """
    page.wait_for_load_state("load")
    page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("options => window.axe.run(document, options)", options)
    return results["violations"]


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.x A/AA violation(s) on {url}:"]
    for violation in violations:
        nodes = violation.get("nodes", [])
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}] {violation['help']}"
            f" ({len(nodes)} element(s)) {violation.get('helpUrl', '')}"
        )
        for node in nodes[:MAX_TARGETS]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            summary = " / ".join(
                line.strip()
                for line in (node.get("failureSummary") or "").splitlines()
                if line.strip()
            )
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(nodes) > MAX_TARGETS:
            lines.append(f"    … and {len(nodes) - MAX_TARGETS} more")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any) -> None:
    violations = run_axe(page)
    assert not violations, format_violations(page.url, violations)
