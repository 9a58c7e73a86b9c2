"""Sample shelters for the demo: eleven per ward, every one named サンプル, placed inside the
active ward's map bounds. Where the facility directory's demo has the same building (a school,
a park, the 防災センター) the shelter is linked to it and stands at its point; the 一時滞在施設
stands by the first station among the directory's landmarks. Two schools are open with head
counts and one is full, so the public list, the map and the disaster HQ's board show a live
state. Two demo staff accounts: 防災計画課 (the registry and every status) and 区民課 (the
schools' status only, as the department that runs them).

Idempotent: a second run changes nothing. When the demo switches to another ward, the sample
shelters move into that ward (same rows, new positions), so no duplicates pile up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kuyakusho.core.demo import DemoAccount
from kuyakusho.core.models import Department, WardProfile
from kuyakusho.facilities import selectors as facility_selectors

from . import services
from .attributes import Status
from .models import Shelter

HQ_STAFF = ("shelter-hq@example.jp", "demo-shelter-hq-2026", "KUYAKUSHODEMOSHELTERHQAAAAAAAAAA")
SITE_STAFF = (
    "shelter-staff@example.jp",
    "demo-shelter-staff-2026",
    "KUYAKUSHODEMOSHELTERSTAFFAAAAAAA",
)
DEMO_ACCOUNTS = [
    DemoAccount(*HQ_STAFF[:2], "防災計画課 担当者（避難所の登録・全避難所の状況）", "disaster", "editor", HQ_STAFF[2]),
    DemoAccount(*SITE_STAFF[:2], "区民課 職員（運営する避難所の状況）", "residents", "staff", SITE_STAFF[2]),
]  # fmt: skip

# What each demo ward calls a school that is its 指定避難所 (public terms of these wards).
LOCAL_TERMS = {"nerima": "避難拠点", "suginami": "震災救援所", "kita": "避難所"}


@dataclass(frozen=True)
class Sample:
    name: str
    name_en: str
    kana: str
    kinds: str  # codes of attributes.KINDS
    department: str
    capacity: int
    at: tuple[float, float]  # (east, north) as fractions of the ward's map bounds
    hazards: str = ""
    access: str = ""
    facility: str = ""  # the facility directory's sample of the same building
    status: tuple[str, int] | None = None  # (status, head count) to start from
    near_station: bool = False


SCHOOL_ACCESS = "elevator step_free_entrance accessible_toilet"
SAMPLES = [
    Sample("サンプル第一小学校", "Sample Elementary School 1", "さんぷるだいいちしょうがっこう",
           "designated_shelter evacuation_site", "residents", 600, (0.40, 0.30),
           "earthquake large_fire flood", SCHOOL_ACCESS, "サンプル第一小学校", (Status.OPEN, 132)),
    Sample("サンプル第二小学校", "Sample Elementary School 2", "さんぷるだいにしょうがっこう",
           "designated_shelter evacuation_site", "residents", 550, (0.60, 0.65),
           "earthquake large_fire", "accessible_toilet", "サンプル第二小学校", (Status.OPEN, 87)),
    Sample("サンプル第三小学校", "Sample Elementary School 3", "さんぷるだいさんしょうがっこう",
           "designated_shelter", "residents", 450, (0.22, 0.62), access="step_free_entrance",
           status=(Status.FULL, 468)),
    Sample("サンプル第一中学校", "Sample Junior High School 1", "さんぷるだいいちちゅうがっこう",
           "designated_shelter evacuation_site", "residents", 700, (0.72, 0.40),
           "earthquake large_fire", SCHOOL_ACCESS + " ostomate_toilet"),
    Sample("サンプル第二中学校", "Sample Junior High School 2", "さんぷるだいにちゅうがっこう",
           "designated_shelter", "residents", 650, (0.30, 0.48), access="accessible_toilet"),
    Sample("サンプル総合体育館", "Sample Sports Centre", "さんぷるそうごうたいいくかん",
           "designated_shelter evacuation_site", "disaster", 800, (0.60, 0.75),
           "earthquake large_fire", "elevator accessible_toilet wheelchair_parking",
           "サンプル総合体育館"),
    Sample("サンプル中央公園", "Sample Central Park", "さんぷるちゅうおうこうえん",
           "evacuation_site", "parks", 12000, (0.45, 0.45), "earthquake large_fire",
           "accessible_toilet", "サンプル中央公園"),
    Sample("サンプルみどり公園", "Sample Midori Park", "さんぷるみどりこうえん",
           "evacuation_site", "parks", 5000, (0.75, 0.20), "large_fire", "", "サンプルみどり公園"),
    Sample("サンプル防災センター", "Sample Disaster Prevention Centre", "さんぷるぼうさいせんたー",
           "welfare_shelter", "disaster", 120, (0.55, 0.55),
           access="elevator step_free_entrance accessible_toilet ostomate_toilet wheelchair_rental",
           facility="サンプル防災センター"),
    Sample("サンプルやすらぎの里（特別養護老人ホーム）", "Sample Yasuragi Care Home",
           "さんぷるやすらぎのさと", "welfare_shelter", "residents", 40, (0.18, 0.35),
           access="elevator step_free_entrance accessible_toilet wheelchair_rental"),
    Sample("サンプル駅前ホール", "Sample Station Hall", "さんぷるえきまえほーる",
           "temporary_stay", "disaster", 300, (0.50, 0.58),
           access="elevator accessible_toilet", near_station=True),
]  # fmt: skip


def load(ward: WardProfile) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    hq = _demo_staff(HQ_STAFF, departments["disaster"], "editor")
    _demo_staff(SITE_STAFF, departments["residents"], "staff")
    station = _station(ward)
    for sample in SAMPLES:
        _load_shelter(ward, sample, departments, station, hq)


def _station(ward: WardProfile) -> tuple[float, float] | None:
    for landmark in facility_selectors.landmarks():
        if landmark.name_ja.endswith("駅") and ward.contains(landmark.lat, landmark.lon):
            return landmark.lat, landmark.lon
    return None


def _place(ward: WardProfile, sample: Sample, station: tuple[float, float] | None) -> dict:
    facility = (
        facility_selectors.published().filter(name_ja=sample.facility).first()
        if sample.facility
        else None
    )
    if facility is not None and ward.contains(facility.lat, facility.lon):
        lat, lon = facility.lat, facility.lon
    elif sample.near_station and station is not None:
        lat, lon = station[0] + 0.0008, station[1] + 0.0012  # about 150 m from the station
    else:
        east, north = sample.at
        lat = ward.bounds_south + north * (ward.bounds_north - ward.bounds_south)
        lon = ward.bounds_west + east * (ward.bounds_east - ward.bounds_west)
    town = "サンプル駅前" if sample.near_station else "サンプル町"
    number = SAMPLES.index(sample) + 1
    return {
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "address": f"東京都{ward.name_ja}{town}{number % 4 + 1}丁目{number}番",
        "facility": facility,
    }


def _description(ward: WardProfile, sample: Sample) -> tuple[str, str]:
    ja = "これはデモ用のサンプルです。実在する避難所ではありません。"
    en = "This is a sample for the demo. It is not a real shelter."
    if "designated_shelter" in sample.kinds and "学校" in sample.name:
        term = LOCAL_TERMS.get(ward.slug, "避難所")
        ja += f"{ward.name_ja}では、区立小中学校の指定避難所を「{term}」と呼んでいます。"
    if "temporary_stay" in sample.kinds:
        ja += "大きな地震で電車が止まり、帰宅できない人が一時的に待機する施設です。"
        en += " Where people who cannot get home wait when the trains stop after an earthquake."
    return ja, en


def _load_shelter(ward, sample: Sample, departments, station, hq) -> None:  # type: ignore[no-untyped-def]
    place = _place(ward, sample, station)
    existing = Shelter.objects.filter(name_ja=sample.name, is_sample=True).first()
    description_ja, description_en = _description(ward, sample)
    if existing is not None:
        if not ward.contains(existing.lat, existing.lon):  # the demo moved to another ward
            Shelter.objects.filter(pk=existing.pk).update(description_ja=description_ja, **place)
        return
    shelter = Shelter(
        department=departments[sample.department],
        name_ja=sample.name,
        name_en=sample.name_en,
        name_kana=sample.kana,
        description_ja=description_ja,
        description_en=description_en,
        capacity=sample.capacity,
        phone=f"03-0000-{2000 + SAMPLES.index(sample)}",
        staff_contact="施設管理者 携帯 090-0000-0000（サンプル）",
        is_sample=True,
        **place,
        **{f"is_{code}": True for code in sample.kinds.split()},
        **{f"evacuation_{code}": True for code in sample.hazards.split()},
        **{f"has_{code}": True for code in sample.access.split()},
    )
    services.save_shelter(hq, shelter)
    if sample.status is not None:
        status, head_count = sample.status
        services.update_status(
            hq,
            shelter,
            status=status,
            head_count=head_count,
            note="デモの開始時の状況（サンプル）",
            confirm_unusual=True,
        )


def _demo_staff(account: tuple[str, str, str], department: Department, role: str) -> Any:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from kuyakusho.accounts.models import User
    from kuyakusho.accounts.services import create_staff

    email, password, secret = account
    user = User.objects.filter(email=email).first()
    if user is None:
        user = create_staff(email=email, password=password, department=department, role=role)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return user
