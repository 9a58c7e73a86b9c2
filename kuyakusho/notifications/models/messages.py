"""What is sent: a message on a topic, in several languages, to a target, through channels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

from .subscribers import Area, Topic


class MessageStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PENDING_APPROVAL = "pending_approval", _("承認待ち")
    SCHEDULED = "scheduled", _("予約済み")
    SENDING = "sending", _("配信中")
    SENT = "sent", _("配信済み")
    CANCELLED = "cancelled", _("取り消し")


class Message(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="messages")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_messages"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_messages",
    )
    status = models.CharField(
        max_length=20, choices=MessageStatus.choices, default=MessageStatus.DRAFT
    )
    is_emergency = models.BooleanField(_("緊急"), default=False)
    channels = models.JSONField(_("配信方法"), default=list)
    areas = models.ManyToManyField(Area, blank=True, related_name="messages")
    # A message to named people (the followers of a citizen report) rather than to a topic's
    # subscribers: only these receive it, and it stays out of the topic's public feed.
    is_direct = models.BooleanField(default=False)
    direct_recipients = models.ManyToManyField(
        "notifications.Subscriber", blank=True, related_name="+"
    )
    # Attribute rules that use profile data, applied only to subscribers who consented:
    # {"age_min": 65}, {"age_max": 18}, {"child_age_max": 5} …
    targeting = models.JSONField(_("対象の条件"), default=dict, blank=True)
    scheduled_at = models.DateTimeField(_("配信日時"), null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    # Set when every delivery row exists: until then other workers wait for more rows.
    rows_written_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("配信メッセージ")
        verbose_name_plural = _("配信メッセージ")
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self) -> str:
        return f"message:{self.pk}"


class MessageTranslation(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("言語"), max_length=12)
    subject = models.CharField(_("件名"), max_length=150)
    body = models.TextField(_("本文"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id}:{self.language}"
