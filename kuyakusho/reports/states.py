"""The states of a citizen report (区民レポート) and what they mean to Open311.

受付 and 対応中 are open; 完了 and the closed-without-fixing states (対応不要, 区の管轄外 —
forwarded to the road's manager —, 重複) are closed. Labels can be changed by staff
(StateLabel); these are the defaults. Colours are paired with a text label and an icon shape
on the map, never colour alone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    RECEIVED = "received", _("受付")
    IN_PROGRESS = "in_progress", _("対応中")
    FIXED = "fixed", pgettext_lazy("report state", "完了")
    NO_ACTION = "no_action", _("対応不要")
    NOT_WARD = "not_ward", _("区の管轄外")
    DUPLICATE = "duplicate", _("重複")


OPEN_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS})
CLOSED_STATES = frozenset(State.values) - OPEN_STATES
# Open311 GeoReport v2 knows two statuses only.
OPEN311_STATUS = {state: ("open" if state in OPEN_STATES else "closed") for state in State.values}
COLOURS = {
    State.RECEIVED: "#b3261e",
    State.IN_PROGRESS: "#8a5a00",
    State.FIXED: "#1b6e2d",
    State.NO_ACTION: "#4a4a4a",
    State.NOT_WARD: "#3b4fa0",
    State.DUPLICATE: "#6b4a7a",
}


class Priority(models.TextChoices):
    LOW = "low", _("低")
    NORMAL = "normal", _("通常")
    HIGH = "high", _("高")
    URGENT = "urgent", _("緊急")


class Source(models.TextChoices):
    WEB = "web", _("ウェブ")
    OPEN311 = "open311", _("Open311 API")
    PHONE = "phone", _("電話")
    COUNTER = "counter", _("窓口")


class Datatype(models.TextChoices):
    """Open311 attribute datatypes offered here (datetime is left out: nobody asked)."""

    STRING = "string", _("1行の文字")
    TEXT = "text", _("複数行の文字")
    NUMBER = "number", _("数")
    SINGLE = "singlevaluelist", _("1つ選ぶ")
    MULTI = "multivaluelist", _("いくつでも選ぶ")


LIST_TYPES = frozenset({Datatype.SINGLE, Datatype.MULTI})
