"""Keyboard-only interaction: Tab to an element, check its focus indicator, press Enter."""

from __future__ import annotations

import re
from typing import Any

DESCRIBE_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "<body>";
  const id = el.id ? "#" + el.id : "";
  const name = el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "";
  const href = el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : "";
  return `<${el.tagName.toLowerCase()}${id}${name}${href}>`;
}"""

FOCUS_STYLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow};
}"""


def focused_matches(page: Any, selector: str) -> bool:
    return page.evaluate(
        "sel => !!document.activeElement && document.activeElement.matches(sel)", selector
    )


def tab_to(page: Any, selector: str, *, max_presses: int = 40) -> None:
    """Press Tab until `document.activeElement` matches `selector`, or fail listing the focus path."""
    path = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return
        path.append(page.evaluate(DESCRIBE_ACTIVE))
    raise AssertionError(
        f"{selector!r} not reached after {max_presses} Tab presses on {page.url}; "
        f"focus went: {' → '.join(path)}"
    )


def type_into(page: Any, selector: str, text: str, *, replace: bool = False) -> None:
    """Tab to a field and type into it, as a keyboard user would (select all first to replace)."""
    tab_to(page, selector)
    if replace:
        page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def assert_focus_visible(page: Any) -> None:
    """The focused element shows a focus indicator: a non-zero outline or a box-shadow."""
    style = page.evaluate(FOCUS_STYLE)
    width = float(re.match(r"[\d.]*", style["outlineWidth"]).group() or 0)
    has_outline = style["outlineStyle"] != "none" and width > 0
    has_shadow = style["boxShadow"] not in ("", "none")
    assert has_outline or has_shadow, (
        f"{page.evaluate(DESCRIBE_ACTIVE)} has no visible focus indicator: {style}"
    )


def press_enter(page: Any, *, wait_for_url: str | re.Pattern[str] | None = None) -> None:
    """Activate the focused element with Enter; optionally wait for the resulting navigation."""
    page.keyboard.press("Enter")
    if wait_for_url is not None:
        page.wait_for_url(wait_for_url)
