"""参加申込: a signed-in resident's place at an event, or on its waiting list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .events import Event


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("参加決定")
    WAITLISTED = "waitlisted", _("キャンセル待ち")
    CANCELLED = "cancelled", _("取り消し")


ACTIVE = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]


class Signup(models.Model):
    """Name, phone and note are personal data: organisers' reads and exports are audited."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_signups"
    )
    status = models.CharField(_("状態"), max_length=10, choices=SignupStatus.choices)
    name = models.CharField(_("お名前"), max_length=60)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    note = models.CharField(_("主催者への連絡事項"), max_length=300, blank=True)
    # The language of the mails about this sign-up (the page language when signing up).
    language = models.CharField(max_length=12, default="ja")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the place became confirmed (at sign-up, or when promoted from the waiting list).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("参加申込")
        verbose_name_plural = _("参加申込")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="one_active_signup_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"signup:{self.pk}"
