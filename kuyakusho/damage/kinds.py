"""The fixed vocabularies of a damage report: what happened, how bad, who reported it, where it
stands. Codes are a published interface (GeoJSON, CSV, API): add new ones, never rename.

Types follow the headings of 消防庁「災害報告取扱要領」 and the damage layers of 消防防災GIS
(建物, 火災, 道路, 浸水, ライフライン, 土砂災害); severities are the HQ's triage levels, each with
a definition so that two people grade the same scene the same way.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BUILDING_COLLAPSE = "building_collapse", _("建物倒壊")
    FIRE = "fire", _("火災")
    ROAD_CUT = "road_cut", _("道路寸断")
    FLOODING = "flooding", _("浸水・冠水")
    LIFELINE = "lifeline", _("ライフライン")
    LANDSLIDE = "landslide", _("土砂災害")
    OTHER = "other", _("その他")


class Lifeline(models.TextChoices):
    ELECTRICITY = "electricity", _("電気")
    WATER = "water", _("上水道")
    SEWERAGE = "sewerage", _("下水道")
    GAS = "gas", _("ガス")
    TELECOM = "telecom", _("通信")


class Severity(models.TextChoices):
    MINOR = "minor", _("軽微")
    MODERATE = "moderate", _("中程度")
    SERIOUS = "serious", _("重大")
    CRITICAL = "critical", _("甚大")


SEVERITY_DEFINITIONS = {
    Severity.MINOR: _("けが人はなく、通行や生活に大きな支障はない（ひび割れ、小さな冠水など）。"),
    Severity.MODERATE: _("一部の通行や生活に支障がある。けが人がいても軽い。"),
    Severity.SERIOUS: _("建物や道路が使えない、けが人がいる、または広い範囲に影響がある。"),
    Severity.CRITICAL: _(
        "命に関わる。死者・行方不明者・救助が必要な人がいる、または燃え広がっている。"
    ),
}
SEVERITY_RANK = {Severity.MINOR: 1, Severity.MODERATE: 2, Severity.SERIOUS: 3, Severity.CRITICAL: 4}


class Source(models.TextChoices):
    SHELTER = "shelter", _("避難所")
    STAFF = "staff", _("職員")
    RESIDENT = "resident", _("区民")


class Status(models.TextChoices):
    UNVERIFIED = "unverified", _("未確認")
    VERIFIED = "verified", _("確認済み")
    DUPLICATE = "duplicate", _("重複")
    REJECTED = "rejected", _("誤報・対象外")


class Response(models.TextChoices):
    NONE = "none", _("未対応")
    IN_PROGRESS = "in_progress", _("対応中")
    DONE = "done", _("対応済み")


# Review transitions staff may make (anything else is refused as forged or stale). A report
# judged wrongly can be reopened; a verified one can still turn out to be a duplicate.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.UNVERIFIED: frozenset({Status.VERIFIED, Status.DUPLICATE, Status.REJECTED}),
    Status.VERIFIED: frozenset({Status.DUPLICATE, Status.REJECTED}),
    Status.DUPLICATE: frozenset({Status.UNVERIFIED}),
    Status.REJECTED: frozenset({Status.UNVERIFIED}),
}
# People affected, in the order of 災害報告取扱要領's 人的被害.
CASUALTY_FIELDS = ("dead", "injured", "missing", "needs_rescue")
