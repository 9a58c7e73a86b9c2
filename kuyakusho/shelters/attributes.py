"""What a shelter is (its designations), what it serves (disaster types), what it offers
(accessibility) and its live status.

The accessibility checklist and the disaster types are the facility directory's own lists
(kuyakusho.facilities.attributes), reused as they are: the same codes in URLs, GeoJSON and the
API, the same labels (and so the same translations), and the same column names on Shelter, so
`present(shelter, BARRIER_FREE)` works on either model.

Disaster types: the eight kinds of 異常な現象 for which a 指定緊急避難場所 is designated —
災害対策基本法 第49条の4 第1項 and the 災害対策基本法施行令 it delegates the list to, as set
out in 内閣府（防災担当）「指定緊急避難場所の指定に関する手引き」(平成29年3月) §2(2):
洪水, 崖崩れ・土石流及び地滑り, 高潮, 地震, 津波, 大規模な火事, 内水氾濫, 火山現象. They are also
the 災害種別_* columns of 指定緊急避難場所一覧 in デジタル庁「自治体標準オープンデータセット」.

Designations (a site may hold several, e.g. a school that is both 指定避難所 and
指定緊急避難場所, so each is its own flag rather than one "kind"):
- 指定避難所 (災害対策基本法 第49条の7): where people stay while they cannot go home.
- 指定緊急避難場所 (同 第49条の4): where people flee to, for the disaster types it is designated for.
- 福祉避難所 (同施行令 第20条の6 第5号; 内閣府「福祉避難所の確保・運営ガイドライン」): for people
  who need care.
- 一時滞在施設: where people who cannot get home (帰宅困難者) wait, usually near a station
  (東京都帰宅困難者対策条例, 東京都「一時滞在施設の確保及び運営のガイドライン」).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.facilities.attributes import (
    BARRIER_FREE,
    HAZARD_BY_CODE,
    HAZARDS,
    Attribute,
    present,
)

__all__ = [
    "BARRIER_FREE",
    "BARRIER_FREE_BY_CODE",
    "HAZARDS",
    "HAZARD_BY_CODE",
    "KINDS",
    "KIND_BY_CODE",
    "Attribute",
    "Status",
    "present",
]

KINDS = (
    Attribute("designated_shelter", "is_designated_shelter", _("指定避難所")),
    Attribute("evacuation_site", "is_evacuation_site", _("指定緊急避難場所")),
    Attribute("welfare_shelter", "is_welfare_shelter", _("福祉避難所")),
    Attribute("temporary_stay", "is_temporary_stay", _("一時滞在施設")),
)
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
BARRIER_FREE_BY_CODE = {attribute.code: attribute for attribute in BARRIER_FREE}


class Status(models.TextChoices):
    # How a status reads on pages; the staff form's buttons say the action (開設/満員/閉鎖).
    CLOSED = "closed", _("閉鎖中")
    OPEN = "open", _("開設中")
    FULL = "full", _("満員")


# Statuses in which a shelter takes (or holds) people: what the disaster page lists.
ACTIVE_STATUSES = (Status.OPEN, Status.FULL)
