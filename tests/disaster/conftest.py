"""Fixtures for the disaster domain: the ward's alert rules with a notification topic, and
helpers that publish an alert through the real services (two people)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kuyakusho.disaster import services
from kuyakusho.notifications.models import Topic

# The staff safety tests' small ward office, for the earthquake trigger's tests.
from ..staff_safety.conftest import office  # noqa: F401


@pytest.fixture
def emergency_topic(departments) -> Topic:
    topic = Topic.objects.create(
        code="emergency",
        name_ja="緊急",
        name_en="Emergency",
        department=departments["disaster"],
        is_emergency=True,
    )
    services.AlertPolicy.objects.all().delete()
    services.AlertPolicy.objects.create(notification_topic_code="emergency")
    return topic


def draft(author, departments, kind="evacuation_order", *, exercise=False, areas=None):
    data = services.template_input(departments["disaster"], kind, is_exercise=exercise, areas=areas)
    return services.save_draft(author, data)


def publish(author, approver, departments, capture, kind="evacuation_order", **options):
    """Draft, submit and approve an alert, running what happens after the commit (the page,
    signage, the job for the worker). Returns the published alert."""
    alert = draft(author, departments, kind, **options)
    services.submit(author, alert)
    with capture(execute=True):
        alert = services.approve(approver, alert)
    return alert


def run_worker() -> None:
    """One pass of the real database-queue worker, as `kuyakusho worker --batch` does."""
    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        "--no-reload",
        "--no-startup-delay",
        verbosity=0,
    )
