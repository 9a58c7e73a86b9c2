"""Categories (分野) and areas (地域) of events: configured by approvers, recorded in the log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action

from .models import Category, EventArea


@transaction.atomic
def save_category(actor: Any, category: Category) -> Category:
    authorize(actor, "events.manage_categories")
    category.full_clean()
    category.save()
    log_action(
        actor,
        "events.category.saved",
        category,
        {
            "code": category.code,
            "department": category.department.code,
            "active": category.is_active,
        },
    )
    return category


@transaction.atomic
def save_area(actor: Any, area: EventArea) -> EventArea:
    authorize(actor, "events.manage_categories")
    area.full_clean()
    area.save()
    log_action(actor, "events.area.saved", area, {"code": area.code})
    return area
