"""Reference data of the notification service that the ICT division manages: areas (地域 /
町丁目 / 学区, with their polygons) and webhook endpoints (with their signing secrets).

Every function checks the permission itself (views check first only to answer 403 early) and
writes an audit record. Secrets never go into the audit log: only their fingerprints do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action
from kuyakusho.core.geo import validate_area_geometry

from .channels.webhook import PostResult, post_signed
from .models import Area, Topic, WebhookEndpoint
from .models.subscribers import fingerprint, new_token
from .validation import clean_webhook_url

MANAGE_AREAS = "notifications.manage_areas"
MANAGE_WEBHOOKS = "notifications.manage_webhooks"
AREA_FIELDS = ("code", "kind", "name_ja", "name_en", "polygon")
WEBHOOK_FIELDS = ("name", "url")


# --- areas ---------------------------------------------------------------------------------
@transaction.atomic
def save_area(actor: Any, area: Area) -> Area:
    """Create or change an area. The polygon, when there is one, must be a closed GeoJSON
    Polygon or MultiPolygon inside the ward's bounds."""
    authorize(actor, MANAGE_AREAS)
    if area.polygon is not None:
        try:
            area.polygon = validate_area_geometry(area.polygon)
        except ValidationError as error:
            raise ValidationError({"polygon": error.messages}) from None
    area.full_clean()
    previous = Area.objects.select_for_update().filter(pk=area.pk).first() if area.pk else None
    changed = [
        name
        for name in AREA_FIELDS
        if previous is None or getattr(previous, name) != getattr(area, name)
    ]
    area.save()
    log_action(
        actor,
        "notifications.area.created" if previous is None else "notifications.area.changed",
        area,
        {"code": area.code, "fields": changed, "has_polygon": area.polygon is not None},
    )
    return area


def area_in_use(area: Area) -> int:
    """How many messages name the area (they keep it as a record of who was targeted)."""
    return area.messages.count()


@transaction.atomic
def delete_area(actor: Any, area: Area) -> None:
    """Delete an area no message uses. Subscribers who chose it lose that choice."""
    authorize(actor, MANAGE_AREAS)
    area = Area.objects.select_for_update().get(pk=area.pk)
    used = area_in_use(area)
    if used:
        raise ValidationError(
            _(
                "この地域は%(count)s件のメッセージの配信先に使われているため、削除できません。"
                "名称を変えるか、そのまま残してください。"
            )
            % {"count": used},
            code="area_in_use",
        )
    subscribers = area.subscribers.count()
    log_action(
        actor, "notifications.area.deleted", area, {"code": area.code, "subscribers": subscribers}
    )
    area.delete()


# --- webhook endpoints ---------------------------------------------------------------------
def _describe(endpoint: WebhookEndpoint) -> dict[str, Any]:
    # The host only: some receivers put a token in the path of their URL.
    return {
        "name": endpoint.name,
        "host": urlsplit(endpoint.url).hostname or "",
        "topics": sorted(endpoint.topics.values_list("code", flat=True)),
    }


def _clean_endpoint(endpoint: WebhookEndpoint, topics: list[Topic]) -> None:
    try:
        endpoint.url = clean_webhook_url(endpoint.url)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from None
    if not topics:
        raise ValidationError({"topics": [_("配信テーマを1つ以上選んでください。")]})
    endpoint.full_clean()


@transaction.atomic
def create_webhook(
    actor: Any, *, name: str, url: str, topics: Iterable[Topic]
) -> tuple[WebhookEndpoint, str]:
    """Create an endpoint with a new signing secret. Returns the endpoint and the secret, which
    the caller shows once: afterwards only its fingerprint is shown."""
    authorize(actor, MANAGE_WEBHOOKS)
    topics = list(topics)
    endpoint = WebhookEndpoint(name=name, url=url, secret=new_token())
    _clean_endpoint(endpoint, topics)
    endpoint.save()
    endpoint.topics.set(topics)
    log_action(
        actor,
        "notifications.webhook.created",
        endpoint,
        {**_describe(endpoint), "secret": fingerprint(endpoint.secret)},
    )
    return endpoint, endpoint.secret


@transaction.atomic
def update_webhook(
    actor: Any, endpoint: WebhookEndpoint, *, name: str, url: str, topics: Iterable[Topic]
) -> WebhookEndpoint:
    """Change the name, URL or topics. The secret stays (rotate_webhook_secret changes it)."""
    authorize(actor, MANAGE_WEBHOOKS)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = {**_describe(endpoint), "url": endpoint.url}
    topics = list(topics)
    endpoint.name, endpoint.url = name, url
    _clean_endpoint(endpoint, topics)
    endpoint.save(update_fields=["name", "url"])
    endpoint.topics.set(topics)
    after = {**_describe(endpoint), "url": endpoint.url}
    changed = sorted(key for key in ("name", "url", "topics") if before[key] != after[key])
    log_action(
        actor, "notifications.webhook.changed", endpoint, {**_describe(endpoint), "fields": changed}
    )
    return endpoint


@transaction.atomic
def rotate_webhook_secret(actor: Any, endpoint: WebhookEndpoint) -> str:
    """Replace the signing secret; posts signed with the old one stop verifying at once.
    Returns the new secret for the caller to show once."""
    authorize(actor, MANAGE_WEBHOOKS)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    old = fingerprint(endpoint.secret)
    endpoint.secret = new_token()
    endpoint.save(update_fields=["secret"])
    log_action(
        actor,
        "notifications.webhook.secret_rotated",
        endpoint,
        {"old": old, "new": fingerprint(endpoint.secret)},
    )
    return endpoint.secret


@transaction.atomic
def set_webhook_active(actor: Any, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """Stop (or resume) posting to an endpoint; its record and deliveries stay."""
    authorize(actor, MANAGE_WEBHOOKS)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.is_active != active:
        endpoint.is_active = active
        endpoint.save(update_fields=["is_active"])
        log_action(
            actor,
            "notifications.webhook.activated" if active else "notifications.webhook.deactivated",
            endpoint,
            {"name": endpoint.name},
        )
    return endpoint


def sample_document(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """A body shaped like a real message's (channels.webhook.document), marked as a test."""
    topic = endpoint.topics.order_by("sort_order", "code").first()
    return {
        "id": None,
        "test": True,
        "topic": topic.code if topic else None,
        "emergency": False,
        "areas": [],
        "sent_at": timezone.now().isoformat(),
        "texts": {
            "ja": {
                "subject": "テスト送信",
                "body": "区役所の配信システムからのテスト送信です。署名を確認してください。",
            },
            "en": {
                "subject": "Test",
                "body": "A test from the ward office's notification service. Check the signature.",
            },
        },
    }


def send_webhook_test(actor: Any, endpoint: WebhookEndpoint) -> PostResult:
    """Post a signed test body, exactly as deliveries are posted, and report the answer."""
    authorize(actor, MANAGE_WEBHOOKS)
    clean_webhook_url(endpoint.url)  # one stored before the rules, or the settings changed
    body = json.dumps(sample_document(endpoint), ensure_ascii=False).encode()
    result = post_signed(endpoint.url, endpoint.secret, body)
    log_action(
        actor,
        "notifications.webhook.tested",
        endpoint,
        {"status": result.status, "error": result.error},
    )
    return result
