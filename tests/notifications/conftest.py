"""Fixtures for the notifications engine: topics, areas and subscribers made through services."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kuyakusho.notifications.models import Area, Subscriber, Topic


@pytest.fixture
def topics(departments) -> dict[str, Topic]:
    return {
        "safety": Topic.objects.create(
            code="safety", name_ja="安全安心", name_en="Safety", department=departments["road"]
        ),
        "childcare": Topic.objects.create(
            code="childcare",
            name_ja="子育て",
            name_en="Child-rearing",
            department=departments["childcare"],
        ),
        "emergency": Topic.objects.create(
            code="emergency",
            name_ja="緊急",
            name_en="Emergency",
            department=departments["road"],
            is_emergency=True,
        ),
    }


@pytest.fixture
def areas() -> dict[str, Area]:
    return {
        "north": Area.objects.create(code="north", name_ja="北部", name_en="North"),
        "south": Area.objects.create(code="south", name_ja="南部", name_en="South"),
    }


def make_subscriber(
    email: str, *, topics, areas=(), channels=("email",), language="ja", user=None, **extra
) -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email,
        user=user,
        language=language,
        channels=list(channels),
        confirmed_at=timezone.now(),
        **extra,
    )
    subscriber.topics.set(topics)
    subscriber.areas.set(areas)
    return subscriber
