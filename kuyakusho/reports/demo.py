"""Demo data for citizen reports: five categories routed to departments (some created here,
as other domains' loaders do), their extra questions, a few sample reports in every state, the
closed topic that carries updates to followers, and a demo integrator's Open311 api_key (fixed,
so that the printed key works; demo only). Idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kuyakusho.core.models import Department

from .models import ApiKey, Category, CategoryAttribute, Report, ReportUpdate
from .models.integrators import hash_key
from .states import Datatype, Source, State

DEMO_API_KEY = "k311_demo-integrator-key-2026"  # noqa: S105 (demo only, printed at start)

EXTRA_DEPARTMENTS = [
    ("cleaning", "清掃リサイクル課", "Waste and Recycling Division", "環境部"),
    ("safety", "危機管理課", "Community Safety Division", "危機管理室"),
]

# code, 名称, English, 分類, department, description ja, description en, keywords
CATEGORIES = [
    ("road-damage", "道路の損傷", "Road damage", "道路", "road",
     "区道の穴・段差・ひび割れ、歩道の傷みなど", "Potholes, steps and cracks in ward roads and pavements",
     "道路,穴,段差,歩道"),
    ("park-equipment", "公園の遊具", "Park equipment", "公園", "parks",
     "公園の遊具・ベンチ・フェンスの壊れ", "Broken play equipment, benches and fences in parks",
     "公園,遊具"),
    ("street-light", "街路灯", "Street light", "道路", "road",
     "消えている・点滅している・昼も点いている街路灯", "Street lights that are out, flicker or stay on by day",
     "街路灯,照明,電球"),
    ("illegal-dumping", "不法投棄", "Illegal dumping", "清掃", "cleaning",
     "道路や空き地に捨てられたごみ・粗大ごみ", "Rubbish and bulky waste dumped on roads or vacant lots",
     "ごみ,粗大ごみ"),
    ("graffiti", "落書き", "Graffiti", "まちの安全", "safety",
     "公共の壁・橋・標識などの落書き", "Graffiti on public walls, bridges and signs",
     "落書き"),
]  # fmt: skip

ATTRIBUTES = {
    "street-light": [
        ("light-state", "どのような状態ですか", "What is wrong with it?", Datatype.SINGLE, True,
         [("out", "消えている", "Out"), ("flicker", "点滅している", "Flickering"),
          ("day", "昼も点いている", "On during the day")]),
        ("pole-number", "柱の番号（わかれば）", "Number on the pole (if you can read it)",
         Datatype.STRING, False, []),
    ],
    "road-damage": [
        ("size-cm", "穴・段差のおおよその大きさ（cm）", "Approximate size (cm)", Datatype.NUMBER,
         False, []),
        ("where", "場所", "Where", Datatype.MULTI, False,
         [("carriageway", "車道", "Carriageway"), ("pavement", "歩道", "Pavement"),
          ("gutter", "側溝", "Gutter")]),
    ],
    "park-equipment": [
        ("danger", "けがの危険がありますか", "Could someone be hurt?", Datatype.SINGLE, True,
         [("yes", "はい", "Yes"), ("no", "いいえ", "No")]),
    ],
}  # fmt: skip

SAMPLES = [
    # category, state, lat, lon, address, description, days ago, answer
    ("street-light", State.RECEIVED, 35.7362, 139.6530, "豊玉北6丁目の交差点付近",
     "街路灯が夜になっても点きません。", 1, "最初のサンプルです。"),
    ("road-damage", State.IN_PROGRESS, 35.7401, 139.6402, "練馬1丁目 歩道",
     "歩道に深さ5cmほどの穴があり、つまずきそうです。", 5, "現地を確認しました。来週補修します。"),
    ("park-equipment", State.FIXED, 35.7330, 139.6610, "豊玉公園",
     "ブランコの鎖が外れかけています。", 12, "鎖を交換しました。ご連絡ありがとうございました。"),
    ("illegal-dumping", State.NO_ACTION, 35.7450, 139.6300, "北町の空き地",
     "古いテレビが置かれています。", 9, "所有者が回収しました。区の対応は不要となりました。"),
    ("road-damage", State.NOT_WARD, 35.7500, 139.6200, "目白通り（都道）",
     "車道のマンホールの周りが沈んでいます。", 7, "都道のため、東京都第四建設事務所に連絡しました。"),
]  # fmt: skip


@transaction.atomic
def load(ward: Any) -> None:
    categories = load_categories()
    ApiKey.objects.get_or_create(
        key_hash=hash_key(DEMO_API_KEY),
        defaults={"integrator": "デモ連携アプリ (demo integrator)", "prefix": DEMO_API_KEY[:8]},
    )
    if not Report.objects.filter(is_sample=True).exists():
        _load_samples(categories)


def load_categories() -> dict[str, Category]:
    """The demo categories, their questions and the departments they route to (idempotent)."""
    for code, name, name_en, division in EXTRA_DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name_ja": name, "name_en": name_en, "division_ja": division}
        )
    departments = {d.code: d for d in Department.objects.all()}
    categories = {}
    for order, row in enumerate(CATEGORIES):
        code, name, name_en, group, dept, desc, desc_en, keywords = row
        categories[code], created = Category.objects.get_or_create(
            code=code,
            defaults={
                "name_ja": name, "name_en": name_en, "group": group, "keywords": keywords,
                "department": departments[dept], "description_ja": desc, "description_en": desc_en,
                "sort_order": order * 10, "is_sample": True,
            },
        )  # fmt: skip
        if not created:
            continue
        for position, (a_code, label, label_en, datatype, required, choices) in enumerate(
            ATTRIBUTES.get(code, []), start=1
        ):
            CategoryAttribute.objects.create(
                category=categories[code], code=a_code, label_ja=label, label_en=label_en,
                datatype=datatype, required=required, order=position,
                choices=[{"key": k, "name_ja": n, "name_en": e} for k, n, e in choices],
            )  # fmt: skip
    return categories


def _load_samples(categories: dict[str, Category]) -> None:
    now = timezone.now()
    for code, state, lat, lon, address, description, days, answer in SAMPLES:
        category = categories[code]
        at = now - timedelta(days=days)
        closed = state not in (State.RECEIVED, State.IN_PROGRESS)
        report = Report.objects.create(
            category=category, department=category.department, state=state, lat=lat, lon=lon,
            address=address, description=description, source=Source.WEB, confirmed_at=at,
            requested_at=at, is_sample=True,
            answers={"light-state": "out"} if code == "street-light" else {},
            first_response_at=None if state == State.RECEIVED else at + timedelta(hours=20),
            closed_at=at + timedelta(days=3) if closed else None,
            forwarded_to="東京都第四建設事務所" if state == State.NOT_WARD else "",
        )  # fmt: skip
        ReportUpdate.objects.create(report=report, at=at, kind=ReportUpdate.Kind.FILED,
                                    is_public=True, value=State.RECEIVED)  # fmt: skip
        if state != State.RECEIVED:
            ReportUpdate.objects.create(
                report=report, at=at + timedelta(hours=20), kind=ReportUpdate.Kind.STATE,
                is_public=True, previous=State.RECEIVED, value=state, text=answer,
            )  # fmt: skip


def note_lines() -> list[str]:
    if not ApiKey.objects.filter(key_hash=hash_key(DEMO_API_KEY), revoked_at=None).exists():
        return []
    return [
        "Open311 GeoReport v2 (/open311/discovery.json, /open311/v2/):",
        f"  demo integrator api_key: {DEMO_API_KEY}",
    ]
