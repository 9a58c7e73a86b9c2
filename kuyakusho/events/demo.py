"""Sample groups and about twenty sample events over the next two months (idempotent).

Everything here is invented for the demo and says so: titles start with 【サンプル】, groups
and venues carry サンプル in their names, and venues sit at points spread over the active
ward's bounding box, not at real buildings.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from kuyakusho.core.demo import DemoAccount
from kuyakusho.core.models import Department

from .models import Category, Event, EventArea, Group, GroupManager

# (code, name, English name, department code, order)
CATEGORIES = [
    ("culture", "文化・芸術", "Arts and culture", "lifelong-learning", 10),
    ("learning", "講座・学習", "Courses and learning", "lifelong-learning", 20),
    ("sports", "スポーツ・健康", "Sports and health", "lifelong-learning", 30),
    ("family", "子育て・親子", "Families and children", "childcare", 40),
    ("community", "地域・国際交流", "Community and international", "lifelong-learning", 50),
]
AREAS = [
    ("area-1", "第1地域", "Area 1"),
    ("area-2", "第2地域", "Area 2"),
    ("area-3", "第3地域", "Area 3"),
    ("area-4", "第4地域", "Area 4"),
]
LIFELONG = ("lifelong-learning", "生涯学習課", "Lifelong Learning Division", "地域文化部")
DEMO_STAFF = ("lifelong@example.jp", "demo-lifelong-2026", "KUYAKUSHODEMOLIFELONGAAAAAAAAAAA")
DEMO_ACCOUNT = DemoAccount(
    DEMO_STAFF[0], DEMO_STAFF[1], "生涯学習課 担当者", LIFELONG[0], "editor", DEMO_STAFF[2]
)
SAMPLE_ORGANISER = "sample.organiser@example.jp"
SAMPLE_PARTICIPANTS = ["sample.participant1@example.jp", "sample.participant2@example.jp"]

GROUPS = [
    {
        "key": "choir",
        "name": "サンプル合唱団 ひだまり",
        "name_kana": "さんぷるがっしょうだん ひだまり",
        "category": "culture",
        "area": "area-1",
        "description": "これはデモ用のサンプル団体です。\n毎月2回、区民館で童謡や唱歌を歌っています。初めての方も歓迎します。",
        "activity_place": "毎月第1・第3土曜日 午前（サンプル区民館）",
        "contact_public": True,
        "approved": True,
    },
    {
        "key": "go",
        "name": "サンプル囲碁クラブ",
        "name_kana": "さんぷるいごくらぶ",
        "category": "learning",
        "area": "area-2",
        "description": "これはデモ用のサンプル団体です。\n初心者向けの囲碁教室を開いています。",
        "activity_place": "毎週水曜日 午後（サンプル地区区民館）",
        "contact_public": False,
        "approved": True,
    },
    {
        "key": "reading",
        "name": "サンプル親子読み聞かせの会",
        "name_kana": "さんぷるおやこよみきかせのかい",
        "category": "family",
        "area": "area-3",
        "description": "これはデモ用のサンプル団体です。\n絵本の読み聞かせと手遊びの会です。",
        "activity_place": "毎月第2日曜日（サンプル図書館）",
        "contact_public": True,
        "approved": True,
    },
    {
        "key": "photo",
        "name": "サンプル写真サークル",
        "name_kana": "さんぷるしゃしんさーくる",
        "category": "culture",
        "area": "area-4",
        "description": "これはデモ用のサンプル団体です（登録の審査中）。",
        "activity_place": "",
        "contact_public": False,
        "approved": False,
    },
]

# (organiser: group key or department code, category, area, days from today, span days,
#  start, end (None: all day), free, capacity, sign-up, title, text)
EVENTS = [
    (
        "choir",
        "culture",
        "area-1",
        5,
        0,
        (10, 0),
        (12, 0),
        True,
        None,
        False,
        "童謡を歌う会",
        "みんなで童謡や唱歌を歌います。楽譜は会場で配ります。",
    ),
    (
        "choir",
        "culture",
        "area-1",
        19,
        0,
        (10, 0),
        (12, 0),
        True,
        2,
        True,
        "合唱体験会（少人数）",
        "少人数で発声から練習します。定員2人の申込制です。",
    ),
    (
        "choir",
        "culture",
        "area-1",
        40,
        0,
        (14, 0),
        (16, 0),
        False,
        30,
        True,
        "秋のミニコンサート",
        "合唱団の発表会です。\n詳しくは https://example.jp/sample をご覧ください（サンプルのアドレスです）。",
    ),
    (
        "go",
        "learning",
        "area-2",
        3,
        0,
        (13, 0),
        (16, 0),
        True,
        None,
        False,
        "囲碁の自由対局",
        "どなたでも参加できる自由対局の日です。",
    ),
    (
        "go",
        "learning",
        "area-2",
        10,
        0,
        (13, 30),
        (15, 30),
        False,
        8,
        True,
        "初心者囲碁教室（第1回）",
        "石の置き方から学びます。参加費は教材費です。",
    ),
    (
        "go",
        "learning",
        "area-2",
        24,
        0,
        (13, 30),
        (15, 30),
        False,
        8,
        True,
        "初心者囲碁教室（第2回）",
        "第1回の続きです。初めての方も参加できます。",
    ),
    (
        "reading",
        "family",
        "area-3",
        7,
        0,
        (10, 30),
        (11, 15),
        True,
        10,
        True,
        "絵本の読み聞かせ（0〜3歳）",
        "小さなお子さんと保護者向けの読み聞かせです。",
    ),
    (
        "reading",
        "family",
        "area-3",
        35,
        0,
        (10, 30),
        (11, 15),
        True,
        10,
        True,
        "絵本の読み聞かせ（4〜6歳）",
        "幼児向けの読み聞かせと手遊びです。",
    ),
    (
        "lifelong-learning",
        "learning",
        "area-1",
        8,
        0,
        (18, 30),
        (20, 30),
        True,
        3,
        True,
        "はじめてのスマートフォン講座",
        "スマートフォンの基本操作を学ぶ講座です。定員3人の少人数制です。",
    ),
    (
        "lifelong-learning",
        "learning",
        "area-2",
        15,
        0,
        (10, 0),
        (12, 0),
        False,
        20,
        True,
        "やさしい日本語で話そう（ボランティア養成）",
        "外国人住民と話すときに役立つ、やさしい日本語の講座です。",
    ),
    (
        "lifelong-learning",
        "culture",
        "area-3",
        12,
        2,
        None,
        None,
        True,
        None,
        False,
        "区民作品展",
        "絵画・書道・写真など、区民の作品を展示します。3日間、会期中いつでもご覧いただけます。",
    ),
    (
        "lifelong-learning",
        "sports",
        "area-4",
        6,
        0,
        (9, 30),
        (11, 0),
        True,
        None,
        False,
        "朝のラジオ体操とウォーキング",
        "公園に集まって体操とウォーキングをします。雨天中止です。",
    ),
    (
        "lifelong-learning",
        "sports",
        "area-4",
        27,
        0,
        (10, 0),
        (11, 30),
        True,
        15,
        True,
        "シニア向け健康体操教室",
        "椅子に座ってできる体操です。動きやすい服装でお越しください。",
    ),
    (
        "lifelong-learning",
        "community",
        "area-1",
        20,
        0,
        (13, 0),
        (16, 0),
        True,
        None,
        False,
        "多文化交流まつり",
        "区内に住む外国人の方と交流するお祭りです。各国の遊びを体験できます。",
    ),
    (
        "lifelong-learning",
        "community",
        "area-2",
        45,
        1,
        None,
        None,
        True,
        None,
        False,
        "地域のお祭り（2日間）",
        "地域の団体が集まるお祭りです。模擬店や舞台発表があります。",
    ),
    (
        "lifelong-learning",
        "learning",
        "area-3",
        33,
        0,
        (14, 0),
        (15, 30),
        True,
        40,
        True,
        "区の歴史講座",
        "区の成り立ちを、古い地図や写真で学びます。",
    ),
    (
        "lifelong-learning",
        "culture",
        "area-4",
        50,
        0,
        (18, 0),
        (20, 0),
        False,
        100,
        True,
        "夕べの室内楽コンサート",
        "弦楽四重奏のコンサートです。",
    ),
    (
        "childcare",
        "family",
        "area-2",
        9,
        0,
        (10, 0),
        (11, 30),
        True,
        12,
        True,
        "親子ふれあい遊び",
        "0歳から2歳のお子さんと保護者の遊びの会です。",
    ),
    (
        "childcare",
        "family",
        "area-4",
        29,
        0,
        (10, 0),
        (11, 30),
        True,
        None,
        False,
        "子育てひろば 出張版",
        "子育ての相談もできる、出張版の子育てひろばです。",
    ),
    (
        "lifelong-learning",
        "sports",
        "area-1",
        55,
        0,
        (9, 0),
        (12, 0),
        True,
        None,
        False,
        "親子スポーツ体験会",
        "いろいろなスポーツを体験できます。",
    ),
]
# Submitted by a group but not yet reviewed: shows the review queue in the back office.
PENDING_EVENTS = [
    (
        "choir",
        "culture",
        "area-1",
        48,
        0,
        (10, 0),
        (12, 0),
        True,
        None,
        False,
        "年末合唱のつどい",
        "一年の締めくくりに、みんなで歌います。",
    ),
]


def _account(email: str) -> Any:
    from kuyakusho.accounts.models import User

    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email=email, password=None)  # cannot sign in


def _demo_staff(department: Department) -> Any:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from kuyakusho.accounts.models import User
    from kuyakusho.accounts.services import create_staff

    email, password, secret = DEMO_STAFF
    user = User.objects.filter(email=email).first()
    if user is None:
        user = create_staff(email=email, password=password, department=department, role="editor")
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return user


def _staff_of(department: Department) -> Any:
    from kuyakusho.accounts.models import StaffMembership

    membership = (
        StaffMembership.objects.filter(
            department=department, role__in=["editor", "approver", "admin"]
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _point(ward: Any, index: int) -> tuple[float, float]:
    """A point inside the ward's bounding box (never at the very edge)."""
    fraction_lat = 0.25 + 0.5 * ((index * 37) % 100) / 100
    fraction_lon = 0.25 + 0.5 * ((index * 61) % 100) / 100
    lat = ward.bounds_south + (ward.bounds_north - ward.bounds_south) * fraction_lat
    lon = ward.bounds_west + (ward.bounds_east - ward.bounds_west) * fraction_lon
    return round(lat, 6), round(lon, 6)


def _input(row: tuple, index: int, ward: Any, categories: dict, areas: dict) -> Any:
    from .validation import EventInput

    _org, category, area, days, span, start, end, free, capacity, signup, title, text = row
    day = timezone.localdate() + timedelta(days=days)
    lat, lon = _point(ward, index)
    return EventInput(
        title=f"【サンプル】{title}",
        description=f"これはデモ用のサンプルです。\n{text}",
        category=categories[category],
        area=areas[area],
        start_date=day,
        end_date=day + timedelta(days=span),
        all_day=start is None,
        start_time=time(*start) if start else None,
        end_time=time(*end) if end else None,
        venue=f"サンプル区民館 第{index % 3 + 1}集会室",
        venue_address=f"{ward.name_ja}（サンプルの所在地）",
        lat=lat,
        lon=lon,
        is_free=free,
        fee="" if free else "500円（材料費・サンプル）",
        capacity=capacity,
        signup_required=signup,
    )


def load(ward: Any) -> None:
    from kuyakusho.core.services import forget_active_ward

    from . import services, services_groups, services_signups

    code, name, name_en, division = LIFELONG
    lifelong, _created = Department.objects.get_or_create(
        code=code, defaults={"name_ja": name, "name_en": name_en, "division_ja": division}
    )
    departments = {d.code: d for d in Department.objects.all()}
    categories = {}
    for cat_code, cat_name, cat_en, department, order in CATEGORIES:
        categories[cat_code], _created = Category.objects.get_or_create(
            code=cat_code,
            defaults={
                "name_ja": cat_name,
                "name_en": cat_en,
                "department": departments.get(department, lifelong),
                "sort_order": order,
            },
        )
    areas = {}
    for order, (area_code, area_name, area_en) in enumerate(AREAS):
        areas[area_code], _created = EventArea.objects.get_or_create(
            code=area_code, defaults={"name_ja": area_name, "name_en": area_en, "sort_order": order}
        )
    _demo_staff(lifelong)
    if Event.objects.exists() or Group.objects.exists():
        return
    forget_active_ward()  # points are checked against this ward, activated in this transaction
    resident = _account("resident@example.jp")
    organiser = _account(SAMPLE_ORGANISER)
    groups = {}
    for spec in GROUPS:
        manager = resident if spec["key"] in ("choir", "photo") else organiser
        data = services_groups.GroupInput(
            name=spec["name"],
            name_kana=spec["name_kana"],
            description=spec["description"],
            category=categories[spec["category"]],
            activity_area=areas[spec["area"]],
            activity_place=spec["activity_place"],
            contact_name="サンプル 担当",
            contact_email=f"{spec['key']}.group@example.jp",
            contact_phone="03-0000-0000",
            contact_public=spec["contact_public"],
        )
        group = services_groups.request_group(manager, data)
        reviewer = _staff_of(group.department)
        if spec["approved"] and reviewer is not None:
            services_groups.approve_group(reviewer, group)
            group.refresh_from_db()
        groups[spec["key"]] = group
    for index, row in enumerate(EVENTS + PENDING_EVENTS):
        data = _input(row, index, ward, categories, areas)
        owner = row[0]
        if owner in groups:
            group = groups[owner]
            if not group.is_approved:
                continue
            manager = GroupManager.objects.filter(group=group).select_related("user").first().user
            event = services.submit_group_event(manager, group, data)
            reviewer = _staff_of(group.department)
            if row not in PENDING_EVENTS and reviewer is not None:
                services.approve_event(reviewer, event)
        elif owner in departments and (staff := _staff_of(departments[owner])) is not None:
            services.save_department_event(staff, departments[owner], data)
    # Fill the small choir workshop so that the next person lands on the waiting list.
    workshop = Event.objects.filter(title__contains="合唱体験会", status="published").first()
    if workshop is not None:
        for number, email in enumerate(SAMPLE_PARTICIPANTS, start=1):
            services_signups.sign_up(_account(email), workshop, name=f"サンプル 参加者{number}")
