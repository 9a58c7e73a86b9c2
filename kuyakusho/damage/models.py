"""Damage reports (被害報告), their photos, their history, and the resident's contact details.

The resident's name and contact live in their own table (ResidentContact), so that no query
that lists, maps or exports reports can pick them up by accident: only
services.read_resident_contact (audited) and the audited contact export read it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .kinds import Kind, Lifeline, Response, Severity, Source, Status


class DamageReport(models.Model):
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    lifeline = models.CharField(
        _("ライフラインの種類"), max_length=12, choices=Lifeline.choices, blank=True
    )
    severity = models.CharField(_("程度"), max_length=10, choices=Severity.choices)
    lat = models.FloatField(_("緯度"))
    lon = models.FloatField(_("経度"))
    outside_ward = models.BooleanField(_("区の範囲の外（確認済み）"), default=False)
    # The notifications area (地域 / 町丁目 / 学区) whose polygon holds the point, when one does.
    # A string reference and no reverse accessor: notifications knows nothing of damage.
    area = models.ForeignKey(
        "notifications.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地域"),
    )
    address = models.CharField(_("住所・目印"), max_length=200, blank=True)
    description = models.TextField(_("被害の状況"), blank=True)
    dead = models.PositiveIntegerField(_("死者"), default=0)
    injured = models.PositiveIntegerField(_("負傷者"), default=0)
    missing = models.PositiveIntegerField(_("行方不明"), default=0)
    needs_rescue = models.PositiveIntegerField(_("要救助"), default=0)
    numbers_confirmed = models.BooleanField(_("多い人数を確認済み"), default=False)

    source = models.CharField(_("報告元"), max_length=10, choices=Source.choices)
    shelter = models.ForeignKey(
        "shelters.Shelter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("避難所"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告した職員"),
    )
    hearsay = models.BooleanField(_("伝聞"), default=False)
    is_exercise = models.BooleanField(_("訓練"), default=False)
    is_sample = models.BooleanField(_("サンプルデータ"), default=False)

    status = models.CharField(
        _("確認状況"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("元の報告"),
    )
    response = models.CharField(
        _("対応状況"), max_length=12, choices=Response.choices, default=Response.NONE
    )
    observed_at = models.DateTimeField(_("発生・確認した日時"))
    reported_at = models.DateTimeField(_("報告日時"), db_index=True)
    verified_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("被害報告")
        verbose_name_plural = _("被害報告")
        indexes = [models.Index(fields=["status", "reported_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="damage_coordinates_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="damage_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="damage_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.DUPLICATE) | models.Q(duplicate_of__isnull=False),
                name="damage_duplicate_names_original",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}"

    @property
    def reference(self) -> str:
        """What staff and the resident call the report: D-000123."""
        return f"D-{self.pk:06d}" if self.pk else "D-new"

    @property
    def casualties(self) -> int:
        return self.dead + self.injured + self.missing + self.needs_rescue

    def kind_label(self) -> str:
        label = str(Kind(self.kind).label)
        if self.kind == Kind.LIFELINE and self.lifeline:
            return gettext("%(kind)s（%(lifeline)s）") % {
                "kind": label,
                "lifeline": Lifeline(self.lifeline).label,
            }
        return label


def _photo_path(photo: DamagePhoto, filename: str) -> str:
    return f"damage/photos/{photo.uuid}.jpg"


class DamagePhoto(models.Model):
    """A photo as stored: re-encoded by core.photos.process (bounded size, no metadata at all)."""

    report = models.ForeignKey(DamageReport, on_delete=models.CASCADE, related_name="photos")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    image = models.FileField(_("写真"), upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    is_public = models.BooleanField(
        _("公開してよい"),
        default=False,
        help_text=_("人の顔・車のナンバー・表札などが写っていないことを確かめてから公開します。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("被害の写真")
        verbose_name_plural = _("被害の写真")

    def __str__(self) -> str:
        return str(self.uuid)


class ResidentContact(models.Model):
    """Personal data of a resident who filed a report: read only by crisis management, audited."""

    report = models.OneToOneField(
        DamageReport, on_delete=models.CASCADE, related_name="resident_contact"
    )
    name = models.CharField(_("お名前"), max_length=60, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)

    class Meta:
        verbose_name = _("報告した区民の連絡先")
        verbose_name_plural = _("報告した区民の連絡先")

    def __str__(self) -> str:
        return f"contact of report {self.report_id}"  # never the details themselves


class ReportEvent(models.Model):
    """One thing that happened to a report (filed, verified, marked duplicate, rejected,
    reopened, response changed, photo published): who, when, before and after, a note. Rows are
    only ever added; the HQ's timeline reads them."""

    class Action(models.TextChoices):
        FILED = "filed", _("報告")
        REVIEWED = "reviewed", _("確認状況の変更")
        RESPONSE = "response", _("対応状況の変更")
        PHOTO = "photo", _("写真の公開設定")

    report = models.ForeignKey(DamageReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("日時"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("職員"),
    )
    action = models.CharField(_("内容"), max_length=10, choices=Action.choices)
    previous = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=20, blank=True)
    note = models.CharField(_("メモ"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("被害報告の履歴")
        verbose_name_plural = _("被害報告の履歴")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.action}:{self.value}"

    def _label(self, value: str) -> str:
        choices: dict[str, Any] = {
            **dict(Response.choices if self.action == self.Action.RESPONSE else Status.choices),
            "public": _("公開"),
            "private": _("非公開"),
        }
        return str(choices.get(value, value))

    @property
    def previous_label(self) -> str:
        return self._label(self.previous)

    @property
    def value_label(self) -> str:
        return self._label(self.value)
