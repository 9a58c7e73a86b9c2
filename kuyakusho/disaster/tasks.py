"""Background work of alerts (enqueued only through core.tasks)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from kuyakusho.core.audit import log_action

from .models import Alert, AlertState

logger = logging.getLogger(__name__)


@task()
def notify_alert(alert_id: int) -> bool:
    """Tell subscribers about a published alert, once. The conditional UPDATE claims it: a
    second run (a retry, a second worker, the queue replaying the job) finds it claimed and
    does nothing. Returns whether this run sent it."""
    from kuyakusho.notifications import services as notifications

    from . import publication, selectors, services

    # The pages are rewritten here too: if the approving request could not write them (a full
    # disk, a crash right after the commit), the worker does when it runs.
    publication.refresh_public_outputs()
    with transaction.atomic():
        claimed = Alert.objects.filter(
            pk=alert_id, state=AlertState.PUBLISHED, notified_at__isnull=True
        ).update(notified_at=timezone.now())
        if not claimed:
            return False
        alert = selectors.published().select_related("created_by", "approved_by").get(pk=alert_id)
        topic_code = services.policy().notification_topic_code
        if not topic_code:
            log_action(None, "disaster.alert.not_notified", alert, {"reason": "no topic"})
            return False
        link = settings.SITE_URL + reverse("disaster:page")
        texts = {}
        for text in alert.texts.all():
            words = selectors.words_in(alert, text.language)
            prefix = "【訓練】" if alert.is_exercise else ""
            body = "\n\n".join(p for p in (words.description, words.instruction, link) if p)
            texts[text.language] = ((prefix + words.headline)[:150], prefix + body)
        person = alert.approved_by or alert.created_by
        message = notifications.send_approved_elsewhere(
            author=alert.created_by or person,
            approver=person,
            topic_code=topic_code,
            texts=texts,
            areas=list(alert.areas.all()),
            source=f"disaster.alert:{alert.uuid}",
        )
        log_action(
            None,
            "disaster.alert.notified" if message else "disaster.alert.not_notified",
            alert,
            {"message": message.pk if message else None, "topic": topic_code},
        )
        return message is not None


@task()
def refresh_public_outputs() -> bool:
    """Every minute: rewrite the page and the signage override when an alert has expired or
    come into force since they were last written."""
    from . import publication

    return publication.refresh_if_due()


@task()
def read_jma_messages() -> int:
    """Every 20 seconds: the JMA feed (when configured) and the drop folder."""
    from . import jma_trigger

    return jma_trigger.poll_feed() + jma_trigger.scan_drop_folder()
