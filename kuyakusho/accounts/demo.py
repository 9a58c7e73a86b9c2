"""Sample data for the demo resident: a child, so that child-age targeting shows (idempotent)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from . import services
from .models import User

DEMO_RESIDENT = "resident@example.jp"


def load(ward: Any) -> None:
    resident = User.objects.filter(email=DEMO_RESIDENT).first()
    if resident is None or services.children_of(resident).exists():
        return
    today = timezone.localdate()
    # About three and a half years old, whatever day the demo is loaded.
    birth_date = today - timedelta(days=3 * 365 + 180)
    services.add_child(resident, birth_date=birth_date, label="第1子", actor=None, today=today)
