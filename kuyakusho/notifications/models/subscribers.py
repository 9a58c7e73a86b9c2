"""Who hears what: topics, areas, subscribers (with or without an account), webhook endpoints."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin


def new_token() -> str:
    return secrets.token_urlsafe(24)


def fingerprint(secret: str) -> str:
    """What identifies a secret on screens and in the audit log without revealing it."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


class Topic(BilingualNameMixin, models.Model):
    """A stream residents subscribe to (防災気象, 安全安心, 区政, 子育て …), owned by a department."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    description_ja = models.CharField(_("説明"), max_length=200, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="topics")
    is_emergency = models.BooleanField(
        _("緊急"), default=False, help_text=_("緊急の配信は夜間停止の設定を無視して届きます。")
    )
    is_active = models.BooleanField(_("受付中"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("配信テーマ")
        verbose_name_plural = _("配信テーマ")

    def __str__(self) -> str:
        return self.name_ja


class Area(BilingualNameMixin, models.Model):
    """地域 / 町丁目 / 学区: what subscribers choose and messages target. The polygon (GeoJSON
    geometry) is kept for maps and for alerts drawn on a map."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("地域")
        TOWN = "town", _("町丁目")
        SCHOOL = "school", _("学区")

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    polygon = models.JSONField(_("区域（GeoJSON）"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("地域")
        verbose_name_plural = _("地域")

    def __str__(self) -> str:
        return self.name_ja


class Digest(models.TextChoices):
    IMMEDIATE = "immediate", _("すぐに受け取る")
    DAILY = "daily", _("1日1回まとめて受け取る")


class Subscriber(models.Model):
    """A person who receives messages: a signed-in resident or an e-mail address confirmed by
    double opt-in. Personal data: the address and the targeting consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_subscriber",
    )
    email = models.EmailField(_("メールアドレス"), unique=True)
    language = models.CharField(_("言語"), max_length=12, default="ja")
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscribers")
    areas = models.ManyToManyField(Area, blank=True, related_name="subscribers")
    channels = models.JSONField(_("受け取り方法"), default=list)
    digest = models.CharField(
        _("受け取る頻度"), max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE
    )
    quiet_start = models.TimeField(_("配信停止の開始時刻"), null=True, blank=True)
    quiet_end = models.TimeField(_("配信停止の終了時刻"), null=True, blank=True)
    profile_targeting_consent = models.BooleanField(
        _("登録内容（年齢など）に合わせたお知らせを受け取る"), default=False
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    permanent_failures = models.PositiveIntegerField(default=0)
    undeliverable = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("登録者")
        verbose_name_plural = _("登録者")
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at", "undeliverable"])]

    def __str__(self) -> str:
        return f"subscriber:{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class WebhookEndpoint(models.Model):
    """Another system (LINE/SNS bridge, digital signage …) that receives signed JSON posts."""

    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("送信先URL"), max_length=500)
    secret = models.CharField(_("署名用の秘密鍵"), max_length=100, default=new_token)
    topics = models.ManyToManyField(Topic, related_name="webhooks")
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        verbose_name = _("Webhook 送信先")
        verbose_name_plural = _("Webhook 送信先")

    def __str__(self) -> str:
        return self.name

    @property
    def secret_fingerprint(self) -> str:
        return fingerprint(self.secret)
