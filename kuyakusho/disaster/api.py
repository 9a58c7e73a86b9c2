"""Alerts API (read-only, public): the alerts in force and one published message, in the
language asked for, with links to the CAP document. Writes stay with the back office: an alert
is a person's decision approved by a second person (two sessions with the second factor)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Router, Schema, Status

from . import cap, selectors
from .alert_templates import LANGUAGES
from .models import Alert

router = Router(tags=["disaster"])


class AlertOut(Schema):
    id: UUID
    msg_type: str  # CAP msgType: Alert, Update or Cancel
    kind: str
    exercise: bool
    severity: str
    urgency: str
    certainty: str
    sent: datetime | None
    effective: datetime
    expires: datetime
    language: str
    headline: str
    description: str
    instruction: str
    areas: list[str]
    references: UUID | None
    cap_url: str


class AlertList(Schema):
    in_force: list[AlertOut]
    lifted_recently: list[AlertOut]
    page_url: str


class Problem(Schema):
    detail: str


def _language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in LANGUAGES else "ja"


def _out(alert: Alert, language: str) -> AlertOut:
    words = selectors.words_in(alert, language)
    return AlertOut(
        id=alert.uuid,
        msg_type=alert.msg_type,
        kind=alert.kind,
        exercise=alert.is_exercise,
        severity=alert.severity,
        urgency=alert.urgency,
        certainty=alert.certainty,
        sent=alert.sent_at,
        effective=alert.effective_at,
        expires=alert.expires_at,
        language=words.language,
        headline=words.headline,
        description=words.description,
        instruction=words.instruction,
        areas=[area.display_name(language) for area in alert.areas.all()],
        references=alert.references.uuid if alert.references_id else None,
        cap_url=cap.cap_url(alert),
    )


@router.get("/alerts", response=AlertList, summary="Alerts in force and lifted in the last 24 h")
def alert_list(request: HttpRequest) -> AlertList:
    """In the language of Accept-Language (or the site's language cookie); each alert in its
    nearest language when it lacks that one."""
    language = _language()
    return AlertList(
        in_force=[_out(a, language) for a in selectors.active_alerts()],
        lifted_recently=[_out(a, language) for a in selectors.recently_lifted()],
        page_url=settings.SITE_URL + reverse("disaster:page"),
    )


@router.get("/alerts/{alert_id}", response={200: AlertOut, 404: Problem}, summary="One message")
def alert_detail(request: HttpRequest, alert_id: UUID) -> AlertOut | Status:
    alert = selectors.published_by_uuid(alert_id)
    if alert is None:
        return Status(404, Problem(detail="No published alert has this id."))
    return _out(alert, _language())
