"""The checklists of a facility: barrier-free equipment, free Wi-Fi, shelter designations and the
hazards an evacuation site is designated for.

Each item is one boolean column on Facility (named `field`), so that filtering by any item is a
plain `filter(has_elevator=True)`; the `code` is what URLs, GeoJSON and the API use and must
stay stable. Labels are Japanese msgids, shown in the reader's language.

Where the lists come from:
- Barrier-free items: the equipment a ward's バリアフリーマップ commonly lists (Nerima ⑩ and
  Kita VII(2) ask for barrier-free map data); the open-data module publishes them joined in the
  バリアフリー情報 column of 公共施設一覧 (デジタル庁「自治体標準オープンデータセット」).
- Hazards: the eight kinds of 異常な現象 for which a 指定緊急避難場所 is designated
  (災害対策基本法施行令 第20条の3), the 災害種別_* columns of 指定緊急避難場所一覧 in the same
  standard dataset.
- Free Wi-Fi: ward-provided or a carrier's (Nerima ①, public comment No.1); the SSID and
  provider feed 公衆無線LANアクセスポイント一覧.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Attribute:
    code: str
    field: str
    label: Promise


BARRIER_FREE = (
    Attribute("elevator", "has_elevator", _("エレベーター")),
    Attribute("step_free_entrance", "has_step_free_entrance", _("段差のない出入口")),
    Attribute("accessible_toilet", "has_accessible_toilet", _("だれでもトイレ（車いす対応）")),
    Attribute("ostomate_toilet", "has_ostomate_toilet", _("オストメイト対応トイレ")),
    Attribute("wheelchair_parking", "has_wheelchair_parking", _("車いす用駐車場")),
    Attribute("guide_blocks", "has_guide_blocks", _("視覚障害者誘導用ブロック")),
    Attribute("braille_signage", "has_braille_signage", _("点字の案内表示")),
    Attribute("hearing_loop", "has_hearing_loop", _("ヒアリングループ（磁気ループ）")),
    Attribute("wheelchair_rental", "has_wheelchair_rental", _("車いすの貸出し")),
    Attribute("nursing_room", "has_nursing_room", _("授乳室")),
    Attribute("baby_changing", "has_baby_changing", _("おむつ交換台")),
)
AED = Attribute("aed", "has_aed", _("AED"))
# What the public filter offers as "設備": every barrier-free item and the AED.
FILTERABLE = (*BARRIER_FREE, AED)
BY_CODE = {attribute.code: attribute for attribute in FILTERABLE}

HAZARDS = (
    Attribute("flood", "evacuation_flood", _("洪水")),
    Attribute("landslide", "evacuation_landslide", _("崖崩れ、土石流及び地滑り")),
    Attribute("storm_surge", "evacuation_storm_surge", _("高潮")),
    Attribute("earthquake", "evacuation_earthquake", _("地震")),
    Attribute("tsunami", "evacuation_tsunami", _("津波")),
    Attribute("large_fire", "evacuation_large_fire", _("大規模な火事")),
    Attribute("inland_flood", "evacuation_inland_flood", _("内水氾濫")),
    Attribute("volcano", "evacuation_volcano", _("火山現象")),
)
HAZARD_BY_CODE = {hazard.code: hazard for hazard in HAZARDS}


class Wifi(models.TextChoices):
    NONE = "none", _("なし")
    WARD = "ward", _("区の無料Wi-Fi")
    CARRIER = "carrier", _("通信事業者の無料Wi-Fi")


# Public filter values for Wi-Fi: "any" is either kind of free Wi-Fi.
WIFI_FILTERS = {"any": [Wifi.WARD, Wifi.CARRIER], "ward": [Wifi.WARD], "carrier": [Wifi.CARRIER]}

# Public filter values for shelters → the flag they select.
SHELTER_FILTERS = {
    "shelter": "is_designated_shelter",
    "welfare_shelter": "is_welfare_shelter",
    "evacuation_site": "is_evacuation_site",
}


def present(obj: object, attributes: tuple[Attribute, ...]) -> list[Attribute]:
    """The items of a checklist that are true for `obj`."""
    return [attribute for attribute in attributes if getattr(obj, attribute.field)]
