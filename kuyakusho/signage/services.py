"""Signage state changes: screens (the owning department's editors) and overrides.

Overrides are how another domain puts an alert on every screen. A domain registers a source
once, naming the permission its people need, and then sets and clears its own override:

    # in the disaster domain's AppConfig.ready()
    register_override_source("disaster", _("防災"), permission="disaster.issue_alert")
    # when an alert is approved (inside the approval's transaction)
    set_override(approver, source="disaster", title=..., body=..., severity="emergency",
                 expires_at=..., is_exercise=False)
    # when it is withdrawn
    clear_override(actor, source="disaster")

Each source has at most one override; setting a new one replaces it. When several sources
have one, screens show the most severe (then the newest). Every change is written to the audit
log as signage.override.set / signage.override.cleared, which other domains may subscribe to.
Screens notice a change at their next poll (rotation.POLL_SECONDS with JavaScript,
rotation.NO_JS_MAX_WAIT without).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuyakusho.accounts.services import authorize, departments_for, has_permission
from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department
from kuyakusho.core.text import strip_unstorable

from . import selectors
from .models import Override, Screen, Severity

MANAGE = "signage.manage"
OVERRIDE = "signage.override"
MANUAL = "manual"
MAX_OVERRIDE_DURATION = timedelta(days=7)
_UNTRACKED = {"id", "created_at", "updated_at"}

# The override API in one place for other domains: reads come from the selectors.
active_override = selectors.active_override


# --- screens ------------------------------------------------------------------------------


def manageable_departments(actor: Any) -> list[Department]:
    return departments_for(actor, MANAGE)


def can_manage(actor: Any, screen: Screen) -> bool:
    return has_permission(actor, MANAGE, screen.department)


@transaction.atomic
def save_screen(actor: Any, screen: Screen, *, notice_categories: list | None = None) -> Screen:
    """Create or change a screen of the actor's department. Moving a screen to another
    department needs the permission in both. `notice_categories` replaces the chosen
    categories when given."""
    authorize(actor, MANAGE, screen.department)
    previous = None
    if screen.pk:
        previous = Screen.objects.select_for_update().get(pk=screen.pk)
        authorize(actor, MANAGE, previous.department)
    screen.name = strip_unstorable(screen.name).strip()
    screen.location = strip_unstorable(screen.location).strip()
    screen.message = strip_unstorable(screen.message).replace("\r\n", "\n").strip()
    screen.full_clean()
    screen.save()
    changed = _changed_fields(previous, screen)
    if notice_categories is not None:
        before = set(screen.notice_categories.values_list("pk", flat=True))
        after = {category.pk for category in notice_categories}
        if before != after:
            screen.notice_categories.set(notice_categories)
            changed.append("notice_categories")
    data = {"slug": screen.slug, "department": screen.department.code, "fields": changed}
    if previous is None:
        log_action(actor, "signage.screen.created", screen, data)
    elif changed:
        log_action(actor, "signage.screen.changed", screen, data)
    return screen


def _changed_fields(previous: Screen | None, screen: Screen) -> list[str]:
    if previous is None:
        return []
    names = [f.attname for f in Screen._meta.concrete_fields if f.attname not in _UNTRACKED]
    return [name for name in names if getattr(previous, name) != getattr(screen, name)]


# --- override sources ---------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideSource:
    code: str
    label: Any
    permission: str  # a ward-scoped permission that whoever sets or clears it must hold


OVERRIDE_SOURCES: dict[str, OverrideSource] = {}


def register_override_source(code: str, label: Any, *, permission: str) -> OverrideSource:
    """Let a domain put alerts on every screen under its own name and permission."""
    source = OverrideSource(code, label, permission)
    OVERRIDE_SOURCES[code] = source
    return source


def override_source(code: str) -> OverrideSource:
    try:
        return OVERRIDE_SOURCES[code]
    except KeyError:
        raise LookupError(f"unknown signage override source {code!r}") from None


register_override_source(MANUAL, gettext_lazy("職員による切り替え"), permission=OVERRIDE)


def _authorize_source(actor: Any, source: str) -> None:
    if actor is None and source != MANUAL:
        override_source(source)  # the source must be registered; its domain checked the person
        return
    authorize(actor, override_source(source).permission)


def can_override(actor: Any, source: str = MANUAL) -> bool:
    return has_permission(actor, override_source(source).permission)


# --- overrides ----------------------------------------------------------------------------


def _clean_override(
    title: str, body: str, severity: str, expires_at: datetime | None, now: datetime
) -> tuple[str, str]:
    """The title and body as stored; errors name the field they belong to."""
    errors: dict[str, list[str]] = {}
    title = strip_unstorable(title or "").strip()
    body = strip_unstorable(body or "").replace("\r\n", "\n").strip()
    if not title:
        errors["title"] = [_("見出しを入力してください。")]
    elif len(title) > Override._meta.get_field("title").max_length:
        errors["title"] = [_("見出しは60文字以内にしてください。遠くから読める長さにします。")]
    if len(body) > Override._meta.get_field("body").max_length:
        errors["body"] = [_("本文は300文字以内にしてください。")]
    if severity not in Severity.values:
        errors["severity"] = [_("緊急度を選んでください。")]
    if expires_at is None:
        errors["expires_at"] = [_("終了する日時を入力してください。")]
    elif expires_at <= now:
        errors["expires_at"] = [_("終了する日時は、今より後にしてください。")]
    elif expires_at > now + MAX_OVERRIDE_DURATION:
        errors["expires_at"] = [_("終了する日時は、7日以内にしてください。")]
    if errors:
        raise ValidationError(errors)
    return title, body


def _close_open(source: str, actor: Any, now: datetime) -> Override | None:
    """Mark the source's uncleared row (in force or already expired) as ended now."""
    row = (
        Override.objects.select_for_update().filter(source=source, cleared_at__isnull=True).first()
    )
    if row is not None:
        row.cleared_at = now
        row.cleared_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save(update_fields=["cleared_at", "cleared_by"])
    return row


@transaction.atomic
def set_override(
    actor: Any,
    *,
    title: str,
    body: str = "",
    severity: str = Severity.EMERGENCY,
    expires_at: datetime | None,
    is_exercise: bool = False,
    source: str = MANUAL,
) -> Override:
    """Show this alert on every screen until `expires_at` (at most 7 days ahead) or until it
    is cleared. Replaces the source's previous override. A domain source may pass actor None
    when it acts on something already authorized (a published disaster alert)."""
    _authorize_source(actor, source)
    now = timezone.now()
    title, body = _clean_override(title, body, severity, expires_at, now)
    replaced = _close_open(source, actor, now)
    override = Override.objects.create(
        source=source,
        title=title,
        body=body,
        severity=severity,
        is_exercise=is_exercise,
        expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(
        actor,
        "signage.override.set",
        override,
        {
            "source": source,
            "title": title,
            "severity": severity,
            "exercise": is_exercise,
            "expires_at": expires_at,
            "replaced": replaced.pk if replaced else None,
        },
    )
    return override


@transaction.atomic
def clear_override(actor: Any, *, source: str = MANUAL) -> Override | None:
    """Take the source's override off every screen. Returns the row that was in force (None
    when there was none, which is not an error: two people may press the button)."""
    _authorize_source(actor, source)
    now = timezone.now()
    row = _close_open(source, actor, now)
    if row is None or row.expires_at <= now:
        return None  # nothing was shown; an expired row is closed without a record
    log_action(actor, "signage.override.cleared", row, {"source": source})
    return row
