"""Event state changes: groups submit, staff publish or send back, organisers cancel.

Who may do what:
* a group's managers (residents) submit the group's events; every submission waits for review;
* staff with events.moderate in the group's department publish or send back (with a reason);
* staff with events.post publish their department's own events directly;
* either organiser, or the moderating department, may cancel an event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize, has_permission
from kuyakusho.core import search
from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department

from . import mails, selectors
from .models import ACTIVE, Event, EventStatus, Group
from .services_signups import fill_places
from .validation import EventInput, apply_event_input, check_event_input, clean_reason

SEARCH_TYPE = "event"
# Organisers write in Japanese; the index holds each event once, under the language written.
CONTENT_LANGUAGE = "ja"


def require_group_manager(actor: Any, group: Group) -> None:
    if not selectors.is_group_manager(actor, group):
        raise PermissionDenied(_("この団体を管理する権限がありません。"))


def can_manage_event(actor: Any, event: Event) -> bool:
    """Organisers: the group's managers, or staff who post for the owning department."""
    if event.group_id is not None:
        return selectors.is_group_manager(actor, event.group)
    return has_permission(actor, "events.post", event.department)


def can_cancel_event(actor: Any, event: Event) -> bool:
    return can_manage_event(actor, event) or has_permission(
        actor, "events.moderate", event.department
    )


# --- Search index -----------------------------------------------------------------------------


def index_event(event: Event) -> None:
    organiser = event.group.name if event.group_id else event.department.name_ja
    body = "\n".join(
        part
        for part in (
            event.description,
            event.venue,
            event.venue_address,
            event.category.name_ja,
            event.area.name_ja if event.area_id else "",
            organiser,
        )
        if part
    )
    search.index_document(
        SEARCH_TYPE,
        str(event.pk),
        CONTENT_LANGUAGE,
        event.title,
        body,
        reverse("events:detail", args=[event.pk]),
    )


def unindex_event(event: Event) -> None:
    search.remove_document(SEARCH_TYPE, str(event.pk))


def reindex_published_events() -> int:
    """Rebuild the index entries of every published event (after an import, say)."""
    count = 0
    for event in selectors.published_events().iterator(chunk_size=500):
        index_event(event)
        count += 1
    return count


# --- Group events -----------------------------------------------------------------------------


def _locked(event: Event) -> Event:
    # Only the event row is locked: the group is joined from the nullable side, which
    # PostgreSQL cannot lock.
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("group", "department", "category")
        .get(pk=event.pk)
    )


@transaction.atomic
def submit_group_event(
    actor: Any, group: Group, data: EventInput, event: Event | None = None
) -> Event:
    """Create or change a group's event. It waits for review, even when it was published:
    a group's words are published only after staff have read them."""
    require_group_manager(actor, group)
    if not group.is_approved:
        raise PermissionDenied(_("団体の登録が完了してから、イベントを投稿できます。"))
    if event is not None:
        event = _locked(event)
        if event.group_id != group.pk:
            raise PermissionDenied(_("この団体のイベントではありません。"))
        if event.status == EventStatus.CANCELLED:
            raise ValidationError(_("中止したイベントは変更できません。"), code="cancelled")
    counts = selectors.signup_counts(event) if event is not None else {}
    check_event_input(data, today=timezone.localdate(), event=event, counts=counts)
    was_published = event is not None and event.is_published
    event = event or Event(group=group)
    changed = apply_event_input(event, data)
    event.department = group.department
    event.status = EventStatus.PENDING
    event.review_note = ""
    event.submitted_by = actor
    if event.pk:
        event.sequence += 1
    event.save()
    if was_published:
        unindex_event(event)
    log_action(
        actor,
        "events.event.submitted",
        event,
        {"group": group.pk, "fields": sorted(changed), "was_published": was_published},
    )
    return event


# --- Department events ------------------------------------------------------------------------


@transaction.atomic
def save_department_event(
    actor: Any, department: Department, data: EventInput, event: Event | None = None
) -> Event:
    """Staff publish their department's own event at once (or change it)."""
    authorize(actor, "events.post", department)
    if event is not None:
        event = _locked(event)
        authorize(actor, "events.post", event.department)
        if event.group_id is not None:
            raise PermissionDenied(_("団体のイベントは、団体だけが変更できます。"))
        if event.status == EventStatus.CANCELLED:
            raise ValidationError(_("中止したイベントは変更できません。"), code="cancelled")
    counts = selectors.signup_counts(event) if event is not None else {}
    check_event_input(data, today=timezone.localdate(), event=event, counts=counts)
    creating = event is None
    event = event or Event(submitted_by=actor)
    changed = apply_event_input(event, data)
    event.department = department
    event.status = EventStatus.PUBLISHED
    event.published_at = event.published_at or timezone.now()
    if not creating:
        event.sequence += 1
    event.save()
    index_event(event)
    fill_places(event)
    log_action(
        actor,
        "events.event.published" if creating else "events.event.updated",
        event,
        {"department": department.code, "fields": sorted(changed)},
    )
    return event


# --- Review -----------------------------------------------------------------------------------


@transaction.atomic
def approve_event(actor: Any, event: Event) -> Event:
    authorize(actor, "events.moderate", event.department)
    event = _locked(event)
    authorize(actor, "events.moderate", event.department)
    if event.status != EventStatus.PENDING:
        raise ValidationError(_("確認待ちのイベントではありません。"), code="not_pending")
    event.status = EventStatus.PUBLISHED
    event.reviewed_by, event.reviewed_at = actor, timezone.now()
    event.published_at = event.published_at or event.reviewed_at
    event.review_note = ""
    event.save()
    index_event(event)
    fill_places(event)  # a raised capacity may let people in from the waiting list
    log_action(actor, "events.event.approved", event, {"group": event.group_id})
    mails.event_reviewed(event)
    return event


@transaction.atomic
def reject_event(actor: Any, event: Event, reason: str) -> Event:
    """Send a group's event back with a reason the group sees (also to take a published one
    down). The event stays the group's to correct and submit again."""
    authorize(actor, "events.moderate", event.department)
    reason = clean_reason(reason)
    event = _locked(event)
    authorize(actor, "events.moderate", event.department)
    if event.group_id is None:
        raise ValidationError(_("所管課のイベントは差し戻せません。"), code="not_a_group_event")
    if event.status not in (EventStatus.PENDING, EventStatus.PUBLISHED):
        raise ValidationError(_("このイベントは差し戻せません。"), code="not_reviewable")
    event.status = EventStatus.REJECTED
    event.review_note = reason
    event.reviewed_by, event.reviewed_at = actor, timezone.now()
    event.save()
    unindex_event(event)
    log_action(actor, "events.event.rejected", event, {"group": event.group_id})
    mails.event_reviewed(event)
    return event


@transaction.atomic
def cancel_event(actor: Any, event: Event) -> Event:
    """中止: the event stays readable, marked cancelled; everyone signed up gets a mail."""
    event = _locked(event)
    if not can_cancel_event(actor, event):
        raise PermissionDenied(_("このイベントを中止する権限がありません。"))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("このイベントはすでに中止になっています。"), code="cancelled")
    was_published = event.is_published
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    event.save()
    unindex_event(event)
    signups = list(event.signups.filter(status__in=ACTIVE).select_related("user", "event"))
    if was_published:
        mails.event_cancelled(signups)
    log_action(
        actor,
        "events.event.cancelled",
        event,
        {"was_published": was_published, "signups": len(signups)},
    )
    return event
