"""Sample facilities for the demo: twenty per ward, every one named サンプル, on fictional towns
(サンプル東町 …), with unreachable phone numbers (03-0000-…) and example.jp addresses, placed
inside the active ward's map bounds. Landmarks are the ward office and a few stations at
approximate positions (public places, so residents can try "near me" without JavaScript).

Idempotent: a second run changes nothing. When the demo switches to another ward, the sample
facilities move into that ward (same rows, new positions), so no duplicates pile up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kuyakusho.core.models import Department, WardProfile

from .attributes import Wifi
from .models import Facility, FacilityType, Landmark, OpeningHours
from .services import reindex

# (code, name, English name, public facility, childcare facility, department code)
TYPES = [
    ("community-centre", "区民館", "Community centre", True, False, "residents"),
    ("library", "図書館", "Library", True, False, "residents"),
    ("gym", "体育館", "Gymnasium", True, False, "residents"),
    ("nursery", "保育園", "Nursery school", True, True, "childcare"),
    ("medical", "医療機関", "Medical institution", False, False, "residents"),
    ("care", "介護事業所", "Care service provider", False, False, "residents"),
    ("shelter", "避難所", "Shelter", True, False, "disaster"),
    ("school", "小学校", "Elementary school", True, False, "disaster"),
    ("park", "公園", "Park", True, False, "parks"),
]
TOWNS = ["サンプル東町", "サンプル西町", "サンプル南町", "サンプル北町"]
EAST, WEST, SOUTH, NORTH = TOWNS

ALL_WEEK = range(8)  # Monday … Sunday and public holidays
WEEKDAYS = range(5)
HOURS = {
    "centre": {day: [(9 * 60, 21 * 60 + 30)] for day in ALL_WEEK},
    "library": {
        **{day: [(9 * 60, 20 * 60)] for day in (1, 2, 3, 4)},
        **{day: [(9 * 60, 17 * 60)] for day in (5, 6, 7)},
    },
    "gym": {day: [(9 * 60, 21 * 60)] for day in ALL_WEEK},
    "nursery": {day: [(7 * 60, 20 * 60)] for day in range(6)},
    "clinic": {
        **{day: [(9 * 60, 12 * 60), (15 * 60, 18 * 60)] for day in WEEKDAYS},
        5: [(9 * 60, 12 * 60)],
    },
    "office": {day: [(8 * 60 + 30, 17 * 60 + 15)] for day in WEEKDAYS},
    "always": {day: [(0, 24 * 60)] for day in ALL_WEEK},
    "none": {},
}
HOURS_NOTES = {
    "library": (
        "月曜日と年末年始は休館（サンプル）。",
        "Closed on Mondays and over the New Year (sample).",
    ),
    "none": (
        "避難所として開設したときに利用できます（サンプル）。",
        "Open when it is set up as a shelter (sample).",
    ),
}


@dataclass(frozen=True)
class Sample:
    type: str
    name: str
    name_en: str
    kana: str
    at: tuple[float, float]  # (east, north) as fractions of the ward's map bounds
    town: str
    hours: str
    equipment: frozenset[str] = frozenset()
    wifi: str = Wifi.NONE
    flags: dict = field(default_factory=dict)


def _sample(
    type_code: str,
    name: str,
    name_en: str,
    kana: str,
    at: tuple[float, float],
    town: str,
    hours: str,
    equipment: str = "",
    wifi: str = Wifi.NONE,
    **flags: object,
) -> Sample:
    return Sample(
        type_code, name, name_en, kana, at, town, hours, frozenset(equipment.split()), wifi, flags
    )


FULL = "elevator step_free_entrance accessible_toilet ostomate_toilet wheelchair_parking guide_blocks braille_signage hearing_loop"
SAMPLES = [
    _sample("community-centre", "サンプル第一区民館", "Sample Community Centre 1", "さんぷるだいいちくみんかん",
            (0.30, 0.70), NORTH, "centre", "elevator accessible_toilet wheelchair_parking guide_blocks aed", Wifi.WARD),
    _sample("community-centre", "サンプル第二区民館", "Sample Community Centre 2", "さんぷるだいにくみんかん",
            (0.70, 0.30), SOUTH, "centre", FULL + " nursing_room baby_changing aed", Wifi.WARD),
    _sample("community-centre", "サンプル第三区民館", "Sample Community Centre 3", "さんぷるだいさんくみんかん",
            (0.20, 0.25), WEST, "centre", "step_free_entrance"),
    _sample("library", "サンプル中央図書館", "Sample Central Library", "さんぷるちゅうおうとしょかん",
            (0.50, 0.52), EAST, "library", FULL + " wheelchair_rental aed", Wifi.WARD),
    _sample("library", "サンプル東図書館", "Sample East Library", "さんぷるひがしとしょかん",
            (0.80, 0.60), EAST, "library", "elevator accessible_toilet wheelchair_rental", Wifi.CARRIER),
    _sample("library", "サンプル西図書館", "Sample West Library", "さんぷるにしとしょかん",
            (0.15, 0.55), WEST, "library", "step_free_entrance guide_blocks"),
    _sample("gym", "サンプル総合体育館", "Sample Sports Centre", "さんぷるそうごうたいいくかん",
            (0.60, 0.75), NORTH, "gym", "elevator accessible_toilet wheelchair_parking aed", Wifi.WARD,
            shelter=True, site="earthquake large_fire", capacity=800),
    _sample("gym", "サンプル南体育館", "Sample South Gymnasium", "さんぷるみなみたいいくかん",
            (0.35, 0.20), SOUTH, "gym", "accessible_toilet aed", shelter=True, capacity=400),
    _sample("nursery", "サンプルひまわり保育園", "Sample Himawari Nursery", "さんぷるひまわりほいくえん",
            (0.40, 0.60), NORTH, "nursery", "step_free_entrance nursing_room baby_changing", places=90),
    _sample("nursery", "サンプルあおぞら保育園", "Sample Aozora Nursery", "さんぷるあおぞらほいくえん",
            (0.65, 0.50), EAST, "nursery", "elevator baby_changing", places=60),
    _sample("nursery", "サンプルこもれび保育園", "Sample Komorebi Nursery", "さんぷるこもれびほいくえん",
            (0.25, 0.40), WEST, "nursery", "step_free_entrance baby_changing", places=45),
    _sample("medical", "サンプル内科クリニック", "Sample Internal Medicine Clinic", "さんぷるないかくりにっく",
            (0.55, 0.35), SOUTH, "clinic", "step_free_entrance accessible_toilet wheelchair_parking"),
    _sample("medical", "サンプル中央病院", "Sample Central Hospital", "さんぷるちゅうおうびょういん",
            (0.45, 0.80), NORTH, "office", FULL + " wheelchair_rental nursing_room aed", Wifi.CARRIER),
    _sample("care", "サンプル訪問介護センター", "Sample Home Care Centre", "さんぷるほうもんかいごせんたー",
            (0.75, 0.45), EAST, "office", "step_free_entrance"),
    _sample("care", "サンプルデイサービス", "Sample Day Service", "さんぷるでいさーびす",
            (0.30, 0.50), WEST, "office", "step_free_entrance accessible_toilet wheelchair_parking"),
    _sample("school", "サンプル第一小学校", "Sample Elementary School 1", "さんぷるだいいちしょうがっこう",
            (0.40, 0.30), SOUTH, "none", "elevator accessible_toilet aed", Wifi.WARD,
            shelter=True, site="earthquake large_fire flood", capacity=600),
    _sample("school", "サンプル第二小学校", "Sample Elementary School 2", "さんぷるだいにしょうがっこう",
            (0.60, 0.65), NORTH, "none", "accessible_toilet aed",
            shelter=True, site="earthquake large_fire", capacity=550),
    _sample("shelter", "サンプル防災センター", "Sample Disaster Prevention Centre", "さんぷるぼうさいせんたー",
            (0.55, 0.55), EAST, "office", "elevator step_free_entrance accessible_toilet ostomate_toilet aed",
            Wifi.WARD, welfare=True, capacity=120),
    _sample("park", "サンプル中央公園", "Sample Central Park", "さんぷるちゅうおうこうえん",
            (0.45, 0.45), EAST, "always", "accessible_toilet", Wifi.CARRIER,
            site="earthquake large_fire"),
    _sample("park", "サンプルみどり公園", "Sample Midori Park", "さんぷるみどりこうえん",
            (0.75, 0.20), SOUTH, "always", "accessible_toilet", site="large_fire"),
]  # fmt: skip

# Stations near the middle of each demo ward, at approximate positions (public places).
STATIONS = {
    "nerima": [
        ("練馬駅", "Nerima Station", 35.7379, 139.6542),
        ("石神井公園駅", "Shakujii-koen Station", 35.7436, 139.6067),
        ("光が丘駅", "Hikarigaoka Station", 35.7583, 139.6282),
        ("大泉学園駅", "Oizumi-gakuen Station", 35.7497, 139.5868),
    ],
    "kita": [
        ("王子駅", "Oji Station", 35.7528, 139.7378),
        ("赤羽駅", "Akabane Station", 35.7779, 139.7209),
        ("十条駅", "Jujo Station", 35.7600, 139.7221),
        ("北赤羽駅", "Kita-Akabane Station", 35.7871, 139.7059),
    ],
    "suginami": [
        ("荻窪駅", "Ogikubo Station", 35.7045, 139.6200),
        ("阿佐ケ谷駅", "Asagaya Station", 35.7048, 139.6358),
        ("高円寺駅", "Koenji Station", 35.7054, 139.6496),
        ("方南町駅", "Honancho Station", 35.6836, 139.6566),
    ],
}


def load(ward: WardProfile) -> None:
    types = _load_types()
    departments = {d.code: d for d in Department.objects.all()}
    for number, sample in enumerate(SAMPLES, start=1):
        _load_facility(ward, sample, number, types, departments)
    _load_landmarks(ward)
    reindex(Facility.objects.filter(is_sample=True))


def _load_types() -> dict[str, FacilityType]:
    types = {}
    for order, (code, name, name_en, public, childcare, _department) in enumerate(TYPES):
        types[code], _created = FacilityType.objects.get_or_create(
            code=code,
            defaults={
                "name_ja": name,
                "name_en": name_en,
                "sort_order": (order + 1) * 10,
                "is_public_facility": public,
                "is_childcare_facility": childcare,
            },
        )
    return types


def _place(ward: WardProfile, sample: Sample, number: int) -> dict:
    east, north = sample.at
    return {
        "lat": round(ward.bounds_south + north * (ward.bounds_north - ward.bounds_south), 6),
        "lon": round(ward.bounds_west + east * (ward.bounds_east - ward.bounds_west), 6),
        "address": f"東京都{ward.name_ja}{sample.town}{number % 4 + 1}丁目{number}番",
        "town": sample.town,
    }


def _load_facility(ward, sample: Sample, number: int, types, departments) -> None:  # type: ignore[no-untyped-def]
    place = _place(ward, sample, number)
    existing = Facility.objects.filter(name_ja=sample.name, is_sample=True).first()
    if existing is not None:
        if not ward.contains(existing.lat, existing.lon):  # the demo moved to another ward
            Facility.objects.filter(pk=existing.pk).update(**place)
        return
    department_code = next(t[5] for t in TYPES if t[0] == sample.type)
    flags = sample.flags
    note_ja, note_en = HOURS_NOTES.get(sample.hours, ("", ""))
    facility = Facility.objects.create(
        type=types[sample.type],
        department=departments[department_code],
        name_ja=sample.name,
        name_en=sample.name_en,
        name_kana=sample.kana,
        description_ja="これはデモ用のサンプル施設です。実在する施設ではありません。",
        description_en="This is a sample facility for the demo. It does not exist.",
        phone=f"03-0000-{1000 + number}",
        url=f"https://example.jp/sample-facilities/{number}",
        hours_note_ja=note_ja,
        hours_note_en=note_en,
        wifi=sample.wifi,
        wifi_ssid={Wifi.WARD: "Sample_Ward_Free_WiFi", Wifi.CARRIER: "Sample_Carrier_WiFi"}.get(
            sample.wifi, ""
        ),
        wifi_provider={Wifi.WARD: ward.name_ja, Wifi.CARRIER: "サンプル通信"}.get(sample.wifi, ""),
        wifi_area="1階ロビー" if sample.wifi != Wifi.NONE else "",
        aed_location="1階入口" if "aed" in sample.equipment else "",
        capacity=flags.get("places"),
        is_designated_shelter=bool(flags.get("shelter")),
        is_welfare_shelter=bool(flags.get("welfare")),
        is_evacuation_site=bool(flags.get("site")),
        shelter_capacity=flags.get("capacity"),
        is_published=True,
        is_sample=True,
        **place,
        **{f"has_{code}": True for code in sample.equipment if code != "aed"},
        has_aed="aed" in sample.equipment,
        **{f"evacuation_{code}": True for code in (flags.get("site") or "").split()},
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(facility=facility, day=day, opens=opens, closes=closes)
        for day, ranges in HOURS[sample.hours].items()
        for opens, closes in ranges
    )


def _load_landmarks(ward: WardProfile) -> None:
    office = (f"{ward.name_ja}役所", f"{ward.name_en} Office", ward.centre_lat, ward.centre_lon)
    # The demo's landmarks of the other demo wards (and nothing else) go when the ward changes.
    others = [name for slug, rows in STATIONS.items() if slug != ward.slug for name, *_rest in rows]
    others += [f"{w.name_ja}役所" for w in WardProfile.objects.exclude(pk=ward.pk)]
    Landmark.objects.filter(name_ja__in=others).delete()
    for order, (name, name_en, lat, lon) in enumerate([office, *STATIONS.get(ward.slug, [])]):
        if ward.contains(lat, lon):
            Landmark.objects.get_or_create(
                name_ja=name,
                defaults={"name_en": name_en, "lat": lat, "lon": lon, "sort_order": order * 10},
            )
