"""One row per (message, recipient, channel): the unit the fan-out workers claim and record."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import Message
from .subscribers import Subscriber, WebhookEndpoint


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("送信待ち")
    SENDING = "sending", _("送信中")
    SENT = "sent", _("送信済み")
    FAILED = "failed", _("送信失敗")
    BOUNCED = "bounced", _("不達")
    DIGEST = "digest", _("まとめて送信")


class Delivery(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=20)
    language = models.CharField(max_length=12)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=40, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)  # the in-app inbox

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "subscriber", "channel"],
                condition=models.Q(subscriber__isnull=False),
                name="one_delivery_per_recipient_channel",
            ),
            models.UniqueConstraint(
                fields=["message", "endpoint"],
                condition=models.Q(endpoint__isnull=False),
                name="one_delivery_per_webhook",
            ),
            models.CheckConstraint(
                condition=models.Q(subscriber__isnull=False) | models.Q(endpoint__isnull=False),
                name="delivery_has_a_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_claim_idx"),
            # Claims walk one message's queued rows in id order and stop after a batch.
            models.Index(fields=["message", "status", "id"], name="delivery_claim_message_idx"),
            models.Index(fields=["message", "channel", "status"], name="delivery_report_idx"),
        ]

    def __str__(self) -> str:
        return f"delivery:{self.pk}"
