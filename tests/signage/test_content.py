"""What a screen rotates through: its message, the newest live notices of the categories it
was given, and published events of the coming days — nothing unpublished, nothing over."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import translation

from kuyakusho.events.models import EventStatus
from kuyakusho.signage.selectors import build_slides

from .conftest import days_from_today, local, make_event, make_notice, make_screen, today


def titles(slides) -> list[str]:  # type: ignore[no-untyped-def]
    return [slide.title for slide in slides]


def test_only_notices_of_the_chosen_categories_newest_first(portal, departments):
    screen = make_screen(
        "lobby", departments["road"], categories=[portal["bosai"], portal["kenko"]]
    )
    make_notice(portal["bosai"], "防災訓練の日程（新）")
    make_notice(portal["kurashi"], "ごみの日の変更")  # a category the screen does not show
    slides = build_slides(screen)
    notices = [s for s in slides if s.kind == "notice"]
    assert titles(notices) == [
        "防災訓練の日程（新）",
        "区民防災訓練の参加者募集（サンプル）",
        "乳幼児健診の日程（サンプル）",
    ]
    assert notices[0].label == "お知らせ・防災"
    assert notices[0].text == "要旨です。"


def test_a_screen_without_categories_shows_no_notices(portal, departments):
    screen = make_screen("no-notices", departments["road"], show_events=False)
    slides = build_slides(screen)
    assert [s.kind for s in slides] == ["empty"]
    assert slides[0].text == "現在、表示するお知らせはありません。"


def test_drafts_unpublished_and_expired_notices_are_left_out(portal, departments):
    screen = make_screen("lobby", departments["road"], categories=[portal["boshu"]])
    make_notice(portal["boshu"], "下書きの募集", publish=False)
    withdrawn = make_notice(portal["boshu"], "取り下げた募集")
    withdrawn.unpublish()
    # Past its scheduled unpublication, before the scheduler has run.
    expired = make_notice(portal["boshu"], "期限切れの募集")
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=local(today(), 0) - timedelta(days=1)
    )
    make_notice(portal["boshu"], "公開中の募集")
    shown = titles(build_slides(screen))
    assert "公開中の募集" in shown
    assert not {"下書きの募集", "取り下げた募集", "期限切れの募集"} & set(shown)


def test_only_published_events_of_the_coming_days(portal, departments, event_category):
    screen = make_screen("lobby", departments["road"], event_days=7)
    day = today()
    now = local(day, 15)
    make_event(event_category, "午前の講座（終了）", day, start=time(10), end=time(12))
    make_event(event_category, "午後の講座", day, start=time(14), end=time(16))
    make_event(event_category, "来週の合唱", day + timedelta(days=6))
    make_event(event_category, "8日後の展示", day + timedelta(days=7))  # beyond 7 days
    make_event(event_category, "昨日の催し", day - timedelta(days=1))
    make_event(
        event_category, "確認待ちの催し", day + timedelta(days=1), status=EventStatus.PENDING
    )
    make_event(event_category, "中止の催し", day + timedelta(days=1), status=EventStatus.CANCELLED)
    make_event(
        event_category,
        "開催中の展示",
        day - timedelta(days=2),
        start=None,
        end=None,
        end_day=day + timedelta(days=2),
    )
    events = [s for s in build_slides(screen, now) if s.kind == "event"]
    assert titles(events) == ["開催中の展示", "午後の講座", "来週の合唱"]
    assert events[1].venue == "区民館 第1集会室"
    assert events[1].label == "イベント"


def test_event_dates_read_naturally(portal, departments, event_category):
    screen = make_screen("lobby", departments["road"], event_days=30)
    day = days_from_today(3)
    make_event(event_category, "講座", day, start=time(9, 30), end=time(11))
    make_event(event_category, "展示", day, start=None, end=None, end_day=day + timedelta(days=2))
    with translation.override("ja"):
        slides = {s.title: s for s in build_slides(screen)}
        weekday = "月火水木金土日"[day.weekday()]
        assert slides["講座"].when == f"{day.month}月{day.day}日（{weekday}） 9:30～11:00"
        end = day + timedelta(days=2)
        assert slides["展示"].when == (
            f"{day.month}月{day.day}日（{weekday}）～{end.month}月{end.day}日"
            f"（{'月火水木金土日'[end.weekday()]}） 終日"
        )


def test_events_can_be_turned_off(portal, departments, event_category):
    screen = make_screen("lobby", departments["road"], show_events=False)
    make_event(event_category, "講座", days_from_today(1))
    assert "講座" not in titles(build_slides(screen))


def test_the_message_comes_first(portal, departments, event_category):
    screen = make_screen(
        "lobby",
        departments["road"],
        categories=[portal["kenko"]],
        message="本日は16時で閉館します。",
    )
    make_event(event_category, "講座", days_from_today(1))
    slides = build_slides(screen)
    assert [s.kind for s in slides] == ["message", "notice", "event"]
    assert slides[0].text == "本日は16時で閉館します。"


def test_english_screen_uses_english_notice_text_and_marks_japanese_only_content(
    portal, departments, event_category
):
    screen = make_screen(
        "english", departments["road"], categories=[portal["kenko"]], language="en"
    )
    make_notice(portal["kenko"], "日本語だけのお知らせ")
    make_event(event_category, "講座", days_from_today(1))
    with translation.override("en"):
        slides = build_slides(screen)
    by_kind = [(s.kind, s.title, s.lang) for s in slides]
    assert ("notice", "日本語だけのお知らせ", "ja") in by_kind
    assert ("notice", "Infant health check-up dates (sample)", "") in by_kind
    assert ("event", "講座", "ja") in by_kind
