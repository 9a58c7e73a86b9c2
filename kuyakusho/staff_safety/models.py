"""Staff safety confirmation (職員安否確認): private contact details, rounds, recipients and
their replies.

- `StaffContact` holds a staff member's private contact details, apart from the account, so
  that only crisis management (and the person) reads them.
- A `Round` is one confirmation: everyone who was staff when it started is a `Recipient`
  (one per person), snapshotted with the departments they belonged to (`RecipientDepartment`),
  so totals per department stay as they were even when memberships change later.
- The current answer lives on the Recipient (totals are one aggregate query); every answer
  given, including changes, is kept as a `Reply` row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

MAX_HOURS = 72  # 「N時間以内に参集できる」: up to three days
LOCATION_MAX = 100
NOTE_MAX = 300


class StaffContact(models.Model):
    """Private contact details of one staff member, for the safety message. Read only by crisis
    management (audited, with a purpose) and by the person themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_contact"
    )
    name = models.CharField(_("氏名"), max_length=60, blank=True)
    personal_email = models.EmailField(
        _("安否確認を受け取るメールアドレス"),
        blank=True,
        help_text=_("私用の携帯電話などのアドレス。空欄なら職員アカウントのアドレスに送ります。"),
    )
    mobile_phone = models.CharField(_("携帯電話番号"), max_length=20, blank=True)
    second_email = models.EmailField(_("予備のメールアドレス"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("職員の連絡先")
        verbose_name_plural = _("職員の連絡先")

    def __str__(self) -> str:
        return f"contact:{self.pk}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("受付中")
    CLOSED = "closed", _("終了")


class Round(models.Model):
    """One safety confirmation sent to every staff member."""

    title = models.CharField(_("件名"), max_length=100)
    message = models.TextField(_("職員へのメッセージ"), max_length=500, blank=True)
    is_drill = models.BooleanField(_("訓練"), default=False)
    status = models.CharField(
        _("状態"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    # Who started it from an outside trigger ("jma:<EventID>"): the same key never starts a
    # second round (unique; NULL for rounds started by hand).
    trigger_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_interval_minutes = models.PositiveSmallIntegerField(_("再送の間隔（分）"), default=30)
    reminder_limit = models.PositiveSmallIntegerField(
        _("再送の回数の上限"), default=3, validators=[MaxValueValidator(10)]
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    next_reminder_at = models.DateTimeField(null=True, blank=True)
    # A sending task holds the round until then; another task may take over after it.
    sending_until = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    is_sample = models.BooleanField(_("サンプルデータ"), default=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("安否確認")
        verbose_name_plural = _("安否確認")
        indexes = [models.Index(fields=["status", "next_reminder_at"])]

    def __str__(self) -> str:
        return f"round:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class SafetyStatus(models.TextChoices):
    SAFE = "safe", _("無事")
    INJURED = "injured", _("負傷")
    FAMILY_AFFECTED = "family_affected", _("家族が被災")


class Attendance(models.TextChoices):
    NOW = "now", _("すぐに参集できる")
    WITHIN_HOURS = "within_hours", _("N時間以内に参集できる")
    CANNOT = "cannot", _("参集できない")


class Recipient(models.Model):
    """One person in one round: where the message went and their current answer."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Random per recipient and part of the signed link: lets one link be withdrawn without
    # touching the others (links.py explains the token).
    link_key = models.CharField(max_length=32)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    send_failed = models.BooleanField(default=False)  # refused for good (5xx) or out of attempts
    last_error = models.CharField(max_length=60, blank=True)  # the error's type name only
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("安否"), max_length=20, choices=SafetyStatus.choices, blank=True)
    attendance = models.CharField(_("参集"), max_length=20, choices=Attendance.choices, blank=True)
    attendance_hours = models.PositiveSmallIntegerField(
        _("何時間以内に参集できるか"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
    )
    location = models.CharField(_("現在地"), max_length=LOCATION_MAX, blank=True)
    note = models.TextField(_("連絡事項"), max_length=NOTE_MAX, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("安否確認の対象者")
        verbose_name_plural = _("安否確認の対象者")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="safety_one_recipient_per_user")
        ]
        indexes = [models.Index(fields=["round", "sent_at"])]

    def __str__(self) -> str:
        return f"recipient:{self.pk}"


class RecipientDepartment(models.Model):
    """A department the recipient belonged to when the round started (one row each)."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="departments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "department"], name="safety_one_row_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"recipient-department:{self.pk}"


class Reply(models.Model):
    """Every answer a recipient gave, oldest first: the history behind Recipient's fields."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="replies")
    status = models.CharField(max_length=20, choices=SafetyStatus.choices)
    attendance = models.CharField(max_length=20, choices=Attendance.choices)
    attendance_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=LOCATION_MAX, blank=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("安否確認の回答")
        verbose_name_plural = _("安否確認の回答")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance="within_hours", attendance_hours__isnull=False)
                | (~Q(attendance="within_hours") & Q(attendance_hours__isnull=True)),
                name="safety_hours_only_when_within",
            )
        ]

    def __str__(self) -> str:
        return f"reply:{self.pk}"
