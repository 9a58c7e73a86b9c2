"""Sample topics, areas, a subscribed demo resident and three sent messages, one of them only
for households with a young child (idempotent)."""

from __future__ import annotations

from typing import Any

from kuyakusho.core.models import Department

from .models import Area, Message, Subscriber, Topic

# (code, name, English name, department code, emergency). The topics of a ward's mail service.
TOPICS = [
    ("disaster-weather", "防災気象", "Disaster and weather", "disaster", False),
    ("safety", "安全安心", "Safety and security", "road", False),
    ("ward-news", "区政", "Ward news", "publicity", False),
    ("events", "イベント", "Events", "publicity", False),
    ("childcare", "子育て", "Child-rearing", "childcare", False),
    ("health", "健康", "Health", "childcare", False),
    ("emergency", "緊急", "Emergency", "disaster", True),
]
# Sample areas (地域) for the demo; real wards load their 町丁目 and school districts.
AREAS = [
    ("area-1", "第1地域", "Area 1"),
    ("area-2", "第2地域", "Area 2"),
    ("area-3", "第3地域", "Area 3"),
    ("area-4", "第4地域", "Area 4"),
]

SAMPLES = [
    (
        "safety",
        {
            "ja": (
                "【サンプル】道路工事のお知らせ",
                "これはデモ用のサンプルです。来週、区内の一部の道路で工事を行います。",
            ),
            "ja-x-easy": (
                "【サンプル】どうろの こうじ",
                "これは れんしゅうの おしらせです。らいしゅう、どうろの こうじを します。",
            ),
            "en": (
                "[Sample] Road works",
                "This is a sample for the demo. Some roads in the ward will have works next week.",
            ),
        },
    ),
    (
        "childcare",
        {
            "ja": (
                "【サンプル】子育てひろばの開催",
                "これはデモ用のサンプルです。今月の子育てひろばの日程をお知らせします。",
            ),
            "en": (
                "[Sample] Parenting meet-up",
                "This is a sample for the demo. Here are this month's dates.",
            ),
        },
    ),
]


# A message only for households with a child aged 0 to 5 (the demo resident has one and
# consented to profile-based targeting): staff see the rule and the reach before sending.
TARGETED_SAMPLE = (
    "childcare",
    {
        "ja": (
            "【サンプル】3歳児健診のご案内",
            "これはデモ用のサンプルです。0歳から5歳のお子さんがいるご家庭にお送りしています。",
        ),
        "en": (
            "[Sample] Health check-ups for young children",
            "This is a sample for the demo, sent to households with a child aged 0 to 5.",
        ),
    },
    {"child_age_min": 0, "child_age_max": 5},
)


def load(ward: Any) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    for index, (code, name, name_en, department, emergency) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            code=code,
            defaults={
                "name_ja": name,
                "name_en": name_en,
                "department": departments[department],
                "is_emergency": emergency,
                "sort_order": index,
            },
        )
    for code, name, name_en in AREAS:
        Area.objects.get_or_create(code=code, defaults={"name_ja": name, "name_en": name_en})
    _area_polygons(ward)
    _load_resident_and_messages()


def _area_polygons(ward: Any) -> None:
    """The four sample areas as the quarters of the ward's map bounds (north-west, north-east,
    south-west, south-east), so that maps and damage totals by area have shapes to use. They
    follow the demo when it switches to another ward."""
    middle_lat = (ward.bounds_south + ward.bounds_north) / 2
    middle_lon = (ward.bounds_west + ward.bounds_east) / 2
    quarters = [
        (middle_lat, ward.bounds_north, ward.bounds_west, middle_lon),
        (middle_lat, ward.bounds_north, middle_lon, ward.bounds_east),
        (ward.bounds_south, middle_lat, ward.bounds_west, middle_lon),
        (ward.bounds_south, middle_lat, middle_lon, ward.bounds_east),
    ]
    for (code, _name, _en), (south, north, west, east) in zip(AREAS, quarters, strict=True):
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        polygon = {
            "type": "Polygon",
            "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]],
        }
        Area.objects.filter(code=code).exclude(polygon=polygon).update(polygon=polygon)


def _load_resident_and_messages() -> None:
    from kuyakusho.accounts.models import User

    from . import services, subscriptions

    resident = User.objects.filter(email="resident@example.jp").first()
    if resident is not None and not Subscriber.objects.filter(user=resident).exists():
        subscriptions.subscribe_account(
            resident,
            subscriptions.Preferences(
                topics=list(Topic.objects.filter(code__in=["safety", "childcare", "emergency"])),
                channels=["email", "inbox"],
                language="ja",
                profile_targeting_consent=True,
            ),
        )
    staff = {
        "safety": User.objects.filter(email="road@example.jp").first(),
        "childcare": User.objects.filter(email="childcare@example.jp").first(),
    }
    if Message.objects.exists() or not all(staff.values()):
        return
    for topic_code, texts, targeting in [*((c, t, {}) for c, t in SAMPLES), TARGETED_SAMPLE]:
        author = staff[topic_code]
        draft = services.save_draft(
            author,
            topic=Topic.objects.get(code=topic_code),
            channels=["email", "inbox"] if targeting else ["email", "inbox", "feed"],
            texts=texts,
            targeting=targeting,
        )
        services.submit(author, draft)
