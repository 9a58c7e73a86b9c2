"""Signage screens (what one display shows) and overrides (an alert shown on every screen)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

MIN_SECONDS, MAX_SECONDS = 5, 120
MAX_EVENT_DAYS = 60


class Screen(models.Model):
    """One display (a monitor in a lobby): its language, what it rotates through and how fast.
    The owning department's editors manage it."""

    name = models.CharField(_("画面の名前"), max_length=100)
    slug = models.SlugField(
        _("識別名"),
        max_length=50,
        unique=True,
        help_text=_("表示用のアドレス /signage/識別名/ に使います。半角英数字とハイフン。"),
    )
    location = models.CharField(_("設置場所"), max_length=200)
    language = models.CharField(
        _("表示する言語"), max_length=10, choices=settings.LANGUAGES, default="ja"
    )
    # String reference: the portal owns notice categories; signage only points at them.
    notice_categories = models.ManyToManyField(
        "portal.NoticeCategory",
        verbose_name=_("表示するお知らせの分類"),
        blank=True,
        related_name="+",
        help_text=_("選んだ分類のお知らせを新しい順に表示します。選ばないとお知らせは出ません。"),
    )
    show_events = models.BooleanField(_("イベントを表示する"), default=True)
    event_days = models.PositiveSmallIntegerField(
        _("何日先までのイベントを表示するか"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EVENT_DAYS)],
        help_text=_("1～60日。今日から数えます。"),
    )
    message = models.TextField(
        _("固定のメッセージ"),
        max_length=200,
        blank=True,
        help_text=_("最初のスライドに表示します（200文字まで）。空欄なら表示しません。"),
    )
    seconds_per_slide = models.PositiveSmallIntegerField(
        _("1枚の表示秒数"),
        default=15,
        validators=[MinValueValidator(MIN_SECONDS), MaxValueValidator(MAX_SECONDS)],
        help_text=_("5～120秒。"),
    )
    is_active = models.BooleanField(_("表示中"), default=True)
    department = models.ForeignKey(
        Department, verbose_name=_("所管課"), on_delete=models.PROTECT, related_name="+"
    )
    is_sample = models.BooleanField(_("サンプルデータ"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("サイネージの画面")
        verbose_name_plural = _("サイネージの画面")
        constraints = [
            models.CheckConstraint(
                condition=Q(seconds_per_slide__gte=MIN_SECONDS)
                & Q(seconds_per_slide__lte=MAX_SECONDS),
                name="signage_seconds_in_range",
            ),
            models.CheckConstraint(
                condition=Q(event_days__gte=1) & Q(event_days__lte=MAX_EVENT_DAYS),
                name="signage_event_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    # Listed from the least to the most severe: when several overrides are active at once, the
    # most severe is shown (see selectors.active_override).
    CAUTION = "caution", _("注意")
    EMERGENCY = "emergency", _("緊急")


SEVERITY_RANK = {value: rank for rank, value in enumerate(Severity.values)}


class Override(models.Model):
    """An alert that replaces the content of every screen until it expires or is cleared.

    Each source (staff by hand, later the disaster domain) has at most one uncleared row; the
    rows stay as the record of what was shown, when and by whom."""

    source = models.CharField(_("切り替えの元"), max_length=40, default="manual")
    title = models.CharField(_("見出し"), max_length=60)
    body = models.TextField(_("本文"), max_length=300, blank=True)
    severity = models.CharField(
        _("緊急度"), max_length=10, choices=Severity.choices, default=Severity.EMERGENCY
    )
    is_exercise = models.BooleanField(_("訓練"), default=False)
    expires_at = models.DateTimeField(_("終了する日時"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("サイネージの緊急表示")
        verbose_name_plural = _("サイネージの緊急表示")
        indexes = [models.Index(fields=["cleared_at", "expires_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(cleared_at__isnull=True),
                name="signage_one_open_override_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"override:{self.pk}"
