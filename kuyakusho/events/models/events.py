"""Events (催し): when, where, for how many, organised by a group or a department."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

from .groups import Group
from .taxonomy import Category, EventArea


class EventStatus(models.TextChoices):
    PENDING = "pending", _("確認待ち")
    PUBLISHED = "published", _("公開中")
    REJECTED = "rejected", _("差し戻し")
    CANCELLED = "cancelled", _("中止")


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class Event(models.Model):
    """One event. Dates and times are wall-clock times of the ward (settings.TIME_ZONE), as the
    organiser announces them; an all-day event has no times. Title and description written by
    a group are untrusted and rendered as plain text."""

    title = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("内容"), max_length=5000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="events", verbose_name=_("分野")
    )
    area = models.ForeignKey(
        EventArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("地域"),
    )
    start_date = models.DateField(_("開始日"), db_index=True)
    end_date = models.DateField(_("終了日"), db_index=True)
    all_day = models.BooleanField(_("終日"), default=False)
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    venue = models.CharField(_("会場"), max_length=200)
    venue_address = models.CharField(_("会場の所在地"), max_length=200, blank=True)
    lat = models.FloatField(_("会場の緯度"), null=True, blank=True)
    lon = models.FloatField(_("会場の経度"), null=True, blank=True)
    is_free = models.BooleanField(_("無料"), default=True)
    fee = models.CharField(_("参加費"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    signup_required = models.BooleanField(_("事前申込が必要"), default=False)
    # The organiser: a group, or (without one) the department itself.
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    # Owns the event: the organising department, or the department that moderates the group.
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(
        _("状態"), max_length=10, choices=EventStatus.choices, default=EventStatus.PENDING
    )
    review_note = models.TextField(_("差し戻しの理由"), blank=True, max_length=1000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # iCalendar SEQUENCE: raised on every change, so calendar apps replace their copy.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "start_time", "pk"]
        verbose_name = _("イベント")
        verbose_name_plural = _("イベント")
        indexes = [
            models.Index(fields=["status", "start_date"]),
            models.Index(fields=["status", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(all_day=True, start_time__isnull=True, end_time__isnull=True)
                | Q(all_day=False, start_time__isnull=False, end_time__isnull=False),
                name="event_times_match_all_day",
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__isnull=False, lon__isnull=False),
                name="event_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"event:{self.pk}"

    @property
    def starts_at(self) -> datetime:
        """When the event begins (an all-day event: at midnight of its first day)."""
        return datetime.combine(self.start_date, self.start_time or time.min, local_zone())

    @property
    def ends_at(self) -> datetime:
        """When it is over (an all-day event: at midnight after its last day)."""
        if self.all_day or self.end_time is None:
            return datetime.combine(self.end_date + timedelta(days=1), time.min, local_zone())
        return datetime.combine(self.end_date, self.end_time, local_zone())

    @property
    def is_multi_day(self) -> bool:
        return self.end_date > self.start_date

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None
