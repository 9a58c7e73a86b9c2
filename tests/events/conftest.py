"""Fixtures for events and groups: the 生涯学習課 and its editor, categories and areas, an
approved group managed by the resident persona, and events made through the services."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuyakusho.core.models import Department
from kuyakusho.events import services, services_groups
from kuyakusho.events.models import Category, EventArea
from kuyakusho.events.validation import EventInput

from ..conftest import make_resident, make_staff, sign_in


@pytest.fixture
def lifelong(departments) -> Department:
    return Department.objects.create(
        code="lifelong-learning", name_ja="生涯学習課", name_en="Lifelong Learning Division"
    )


@pytest.fixture
def categories(lifelong, departments) -> dict[str, Category]:
    return {
        "culture": Category.objects.create(
            code="culture", name_ja="文化・芸術", name_en="Arts and culture", department=lifelong
        ),
        "learning": Category.objects.create(
            code="learning", name_ja="講座・学習", name_en="Courses", department=lifelong
        ),
        "family": Category.objects.create(
            code="family",
            name_ja="子育て・親子",
            name_en="Families",
            department=departments["childcare"],
        ),
    }


@pytest.fixture
def areas() -> dict[str, EventArea]:
    return {
        "north": EventArea.objects.create(code="north", name_ja="北地域", name_en="North"),
        "south": EventArea.objects.create(code="south", name_ja="南地域", name_en="South"),
    }


@pytest.fixture
def lifelong_staff(ward, lifelong):
    return make_staff("lifelong.staff@example.jp", lifelong, "editor")


@pytest.fixture
def lifelong_client(lifelong_staff) -> Client:
    return sign_in(Client(), lifelong_staff)


@pytest.fixture
def other_resident(ward):
    return make_resident("taro@example.jp")


@pytest.fixture
def other_client(other_resident) -> Client:
    return sign_in(Client(), other_resident)


def group_input(category: Category, **extra) -> services_groups.GroupInput:
    values = {
        "name": "練馬コーラス",
        "description": "毎月歌っています。",
        "category": category,
        "contact_name": "練馬 花子",
        "contact_email": "chorus@example.jp",
    }
    values.update(extra)
    return services_groups.GroupInput(**values)


def group_form_data(category: Category, **extra) -> dict:
    """What the group registration form posts."""
    data = {
        "name": "練馬コーラス",
        "category": category.pk,
        "description": "毎月歌っています。",
        "contact_name": "練馬 花子",
        "contact_email": "chorus@example.jp",
    }
    data.update(extra)
    return data


@pytest.fixture
def group(resident, lifelong_staff, categories):
    """An approved group of the 文化・芸術 field, managed by the resident persona."""
    created = services_groups.request_group(resident.user, group_input(categories["culture"]))
    return services_groups.approve_group(lifelong_staff.user, created)


def future(days: int = 10) -> date:
    return timezone.localdate() + timedelta(days=days)


def event_input(category: Category, **extra) -> EventInput:
    values = {
        "title": "合唱体験会",
        "description": "みんなで歌います。",
        "category": category,
        "start_date": future(),
        "start_time": time(10, 0),
        "end_time": time(12, 0),
        "venue": "区民館 第1集会室",
    }
    values.update(extra)
    return EventInput(**values)


def published_group_event(group, manager, reviewer, **extra):
    event = services.submit_group_event(manager.user, group, event_input(group.category, **extra))
    return services.approve_event(reviewer.user, event)


def department_event(staff, department, category, **extra):
    return services.save_department_event(staff.user, department, event_input(category, **extra))


def form_data(category, **extra) -> dict:
    """What the event form posts."""
    data = {
        "title": "合唱体験会",
        "category": category.pk,
        "description": "みんなで歌います。",
        "start_date": future().isoformat(),
        "end_date": "",
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "区民館 第1集会室",
        "venue_address": "",
        "lat": "",
        "lon": "",
        "area": "",
        "is_free": "1",
        "fee": "",
        "capacity": "",
    }
    data.update(extra)
    return data
