"""A citizen report, its photos, its timeline, the reporter's contact and its followers.

The reporter's name, e-mail and phone live in ReporterContact, apart from the report, so that
no list, map, export or Open311 answer picks them up by accident: only the audited reads in
services_staff (and the audited personal-data export) open it. A report sent with an e-mail
address and no account is invisible until the address is confirmed (confirmed_at).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

from ..states import Priority, Source, State
from .categories import Category
from .integrators import ApiKey


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Report(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("種類")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("担当課")
    )
    state = models.CharField(
        _("状態"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    priority = models.CharField(
        _("優先度"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    due_date = models.DateField(_("対応期限"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    lat = models.FloatField(_("緯度"))
    lon = models.FloatField(_("経度"))
    address = models.CharField(_("住所・目印"), max_length=200, blank=True)
    description = models.TextField(_("内容"), max_length=4000)
    # Answers to the category's extra questions: {attribute code: value or [values]}.
    answers = models.JSONField(_("追加の質問への回答"), default=dict, blank=True)
    show_name = models.BooleanField(_("名前を公開する"), default=False)
    public_name = models.CharField(_("公開する名前"), max_length=60, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告した区民"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("代理で入力した職員"),
    )
    source = models.CharField(_("受付方法"), max_length=10, choices=Source.choices)
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The Open311 token (tokens/{token}.json); the e-mail confirmation token is single-use and
    # cleared once used.
    token = models.CharField(max_length=40, unique=True, default=new_token)
    confirmation_token = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("元のレポート"),
    )
    forwarded_to = models.CharField(_("連絡した管理者"), max_length=120, blank=True)
    requested_at = models.DateTimeField(_("受付日時"), db_index=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)
    first_response_at = models.DateTimeField(_("最初の回答日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("完了・終了日時"), null=True, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("区民レポート")
        verbose_name_plural = _("区民レポート")
        indexes = [
            models.Index(fields=["state", "requested_at"]),
            models.Index(fields=["department", "state"]),
            models.Index(fields=["lat", "lon"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="reports_coordinates_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values), name="reports_state_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=State.DUPLICATE) | models.Q(duplicate_of__isnull=False),
                name="reports_duplicate_names_original",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"R-{self.pk:06d}" if self.pk else "R-new"

    @property
    def is_public(self) -> bool:
        return self.confirmed_at is not None


def _photo_path(photo: ReportPhoto, filename: str) -> str:
    return f"reports/photos/{photo.uuid}.jpg"


class ReportPhoto(models.Model):
    """Re-encoded by core.photos (bounded size, no metadata). A resident's photo is public
    (they were reminded not to show faces or number plates; staff can hide it); a photo staff
    add is private unless they say otherwise."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    image = models.FileField(_("写真"), upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    is_public = models.BooleanField(_("公開"), default=True)
    added_by_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.uuid)


class ReporterContact(models.Model):
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("お名前"), max_length=60, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)

    def __str__(self) -> str:
        return f"contact of report {self.report_id}"  # never the details themselves


class ReportUpdate(models.Model):
    """One entry of a report's timeline. Public entries (state changes with the ward's answer)
    are shown on the report's page and sent to followers; the rest (internal notes,
    assignment, priority …) only on staff screens."""

    class Kind(models.TextChoices):
        FILED = "filed", _("受付")
        STATE = "state", _("状態の変更")
        NOTE = "note", _("内部メモ")
        ASSIGNED = "assigned", _("担当者")
        CATEGORY = "category", _("種類の変更")
        PRIORITY = "priority", _("優先度")
        DUE = "due", _("対応期限")
        MERGED = "merged", _("重複をまとめる")
        FORWARDED = "forwarded", _("管轄外として連絡")
        PHOTO = "photo", _("写真")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    is_public = models.BooleanField(default=False)
    previous = models.CharField(max_length=40, blank=True)
    value = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.kind}"


class Follower(models.Model):
    """Someone who hears of a report's public updates: a signed-in resident, or an e-mail
    address confirmed by a link (confirmed_at)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=12, default="ja")
    token = models.CharField(max_length=40, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"],
                condition=models.Q(user__isnull=False),
                name="reports_follow_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["report", "email"],
                condition=~models.Q(email=""),
                name="reports_follow_once_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"follower {self.pk} of {self.report_id}"
