"""Fixtures for signage: the portal's sample notices (categories くらし, 募集, 防災, 健康), an
event category, helpers for notices, events and screens, and the people who manage them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuyakusho.events.models import Category, Event, EventStatus
from kuyakusho.portal.models import NoticeCategory, NoticeIndexPage, NoticePage
from kuyakusho.signage.models import Screen

from ..conftest import make_staff, sign_in


@pytest.fixture
def portal(db, ward, departments):
    """The portal's sample tree: three live notices (くらし, 健康, 防災) and four categories."""
    from kuyakusho.portal import demo

    demo.load(ward)
    return {c.code: c for c in NoticeCategory.objects.all()}


def make_notice(
    category: NoticeCategory,
    title: str,
    *,
    summary: str = "要旨です。",
    department=None,
    publish: bool = True,
    **fields,
) -> NoticePage:
    from kuyakusho.core.models import Department

    index = NoticeIndexPage.objects.get()
    notice = NoticePage(
        title=title,
        slug=f"notice-{NoticePage.objects.count() + 1}-{abs(hash(title)) % 100000}",
        summary=summary,
        category=category,
        responsible_department=department or Department.objects.get(code="residents"),
        **fields,
    )
    notice.live = False  # a draft until its revision is published
    index.add_child(instance=notice)
    revision = notice.save_revision()
    if publish:
        revision.publish()
    return NoticePage.objects.get(pk=notice.pk)


@pytest.fixture
def event_category(departments) -> Category:
    return Category.objects.create(
        code="culture", name_ja="文化・芸術", name_en="Culture", department=departments["residents"]
    )


def make_event(
    category: Category,
    title: str,
    day: date,
    *,
    start: time | None = time(10, 0),
    end: time | None = time(12, 0),
    end_day: date | None = None,
    status: str = EventStatus.PUBLISHED,
    venue: str = "区民館 第1集会室",
) -> Event:
    return Event.objects.create(
        title=title,
        description="説明です。",
        category=category,
        start_date=day,
        end_date=end_day or day,
        all_day=start is None,
        start_time=start,
        end_time=end,
        venue=venue,
        department=category.department,
        status=status,
    )


def make_screen(slug: str, department, *, categories=(), **fields) -> Screen:
    fields.setdefault("name", f"画面 {slug}")
    fields.setdefault("location", "本庁舎1階")
    screen = Screen.objects.create(slug=slug, department=department, **fields)
    screen.notice_categories.set(list(categories))
    return screen


def today() -> date:
    return timezone.localdate()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def days_from_today(days: int) -> date:
    return today() + timedelta(days=days)


@pytest.fixture
def road_admin(ward, departments):
    return make_staff("road.admin@example.jp", departments["road"], "admin")


@pytest.fixture
def childcare_client(childcare_staff) -> Client:
    return sign_in(Client(), childcare_staff)
