"""Alerts (警報・避難情報) as CAP 1.2 messages: one row per message, chained by `thread`.

An alert is issued (msgType Alert), may be updated (Update) and ends with a cancellation
(Cancel); every one of these is its own row with its own CAP identifier, pointing at the
message it replaces (`references`) and at the first of the chain (`thread`). The newest
published row of a thread is what the public sees; older ones stay as history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department


class AlertKind(models.TextChoices):
    # 避難情報に関するガイドライン (内閣府, 令和3年5月): the three levels a ward issues itself.
    EVACUATION_ELDERLY = "evacuation_elderly", _("高齢者等避難（警戒レベル3）")
    EVACUATION_ORDER = "evacuation_order", _("避難指示（警戒レベル4）")
    EMERGENCY_SAFETY = "emergency_safety", _("緊急安全確保（警戒レベル5）")
    WEATHER = "weather", _("気象情報")
    EARTHQUAKE = "earthquake", _("地震情報")
    SHELTER_OPENING = "shelter_opening", _("避難所の開設")
    STRANDED_COMMUTERS = "stranded_commuters", _("帰宅困難者への情報")
    GENERAL = "general", _("お知らせ")


class MessageType(models.TextChoices):
    ALERT = "Alert", _("発表")
    UPDATE = "Update", _("更新")
    CANCEL = "Cancel", _("解除")


class AlertState(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PENDING_APPROVAL = "pending_approval", _("承認待ち")
    PUBLISHED = "published", _("発表済み")
    REJECTED = "rejected", _("差し戻し")


# CAP 1.2 <info> values (OASIS CAP 1.2, section 3.2.2), with how the screens name them.
SEVERITIES = {
    "Extreme": _("極めて重大"),
    "Severe": _("重大"),
    "Moderate": _("中程度"),
    "Minor": _("軽微"),
    "Unknown": _("不明"),
}
URGENCIES = {
    "Immediate": _("直ちに"),
    "Expected": _("1時間以内"),
    "Future": _("近いうちに"),
    "Past": _("終了"),
    "Unknown": _("不明"),
}
CERTAINTIES = {
    "Observed": _("発生中"),
    "Likely": _("可能性が高い"),
    "Possible": _("可能性がある"),
    "Unlikely": _("可能性は低い"),
    "Unknown": _("不明"),
}


class AlertPolicy(models.Model):
    """The ward's rules for alerts (one row). Kept in the database so that the ICT division
    and 防災課 can change them without a deployment."""

    second_person_for_actual = models.BooleanField(
        _("実際の警報は2人目の承認が必要"),
        default=True,
        help_text=_("オフにすると、作成した職員がそのまま発表できます。"),
    )
    second_person_for_exercise = models.BooleanField(
        _("訓練の警報も2人目の承認が必要"),
        default=True,
        help_text=_("訓練でも本番と同じ手順を練習するため、既定ではオンです。"),
    )
    notification_topic_code = models.SlugField(
        _("配信テーマのコード"),
        max_length=40,
        blank=True,
        help_text=_("警報を登録者に届ける配信テーマ（例: emergency）。空なら配信しません。"),
    )
    # JMA 防災情報XML earthquake messages (jma_trigger.py).
    jma_feed_url = models.URLField(
        _("気象庁の地震情報フィード（Atom）"),
        blank=True,
        help_text=_("例: 気象庁の高頻度フィード（地震火山）。空ならフィードは読みません。"),
    )
    jma_area_codes = models.CharField(
        _("区を表す気象庁の地域コード"),
        max_length=200,
        blank=True,
        help_text=_(
            "市町村等コード（7桁）や細分区域コード（3桁）をカンマ区切りで。空なら区の"
            "全国地方公共団体コードから求めた市町村等コードを使います。"
        ),
    )
    jma_threshold = models.CharField(
        _("安否確認を始める震度"), max_length=4, default="5-", help_text=_("例: 5弱")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("警報の運用設定")
        verbose_name_plural = _("警報の運用設定")

    def __str__(self) -> str:
        return "alert policy"


class Alert(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="thread_messages"
    )
    references = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by"
    )
    msg_type = models.CharField(
        _("種別"), max_length=10, choices=MessageType.choices, default=MessageType.ALERT
    )
    kind = models.CharField(_("警報の種類"), max_length=30, choices=AlertKind.choices)
    severity = models.CharField(_("深刻度"), max_length=10, default="Severe")
    urgency = models.CharField(_("緊急性"), max_length=10, default="Immediate")
    certainty = models.CharField(_("確実性"), max_length=10, default="Likely")
    is_exercise = models.BooleanField(_("訓練"), default=False)
    whole_ward = models.BooleanField(_("区内全域"), default=True)
    # Named areas with polygons, shared with the notifications engine (targeting by area).
    areas = models.ManyToManyField(
        "notifications.Area", blank=True, related_name="disaster_alerts", verbose_name=_("地域")
    )
    effective_at = models.DateTimeField(_("発効日時"))
    expires_at = models.DateTimeField(_("有効期限"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="alerts")
    state = models.CharField(
        _("状態"), max_length=20, choices=AlertState.choices, default=AlertState.DRAFT
    )
    # None: prepared by the platform itself (a draft from a JMA earthquake message).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authored_alerts",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_alerts",
    )
    rejection_reason = models.CharField(_("差し戻しの理由"), max_length=300, blank=True)
    # CAP <sent>: when the message was released (the approval, or the submission when no
    # second person is required).
    sent_at = models.DateTimeField(null=True, blank=True)
    # Claimed by exactly one worker run: the notification is sent once, whatever happens.
    notified_at = models.DateTimeField(null=True, blank=True)
    # Set when a later message of the thread is published: the public no longer sees this one.
    superseded_at = models.DateTimeField(null=True, blank=True)
    # What prepared it, when not a person: "jma:<EventID>" (one draft per earthquake).
    source_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("警報")
        verbose_name_plural = _("警報")
        indexes = [models.Index(fields=["state", "superseded_at", "expires_at"])]

    def __str__(self) -> str:
        return f"alert:{self.uuid}"


class AlertText(models.Model):
    """The words of an alert in one language (ja, ja-x-easy, en, zh-hans, zh-hant, ko)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("言語"), max_length=12)
    headline = models.CharField(_("見出し"), max_length=120)
    description = models.TextField(_("内容"), max_length=2000)
    instruction = models.TextField(_("とるべき行動"), max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "language"], name="one_alert_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.language}"


class JmaMessage(models.Model):
    """One JMA message as received (from the feed or the drop folder) and what was done with
    it. The digest of its bytes keeps the same message from being handled twice."""

    class Outcome(models.TextChoices):
        TRIGGERED = "triggered", _("安否確認を開始")
        BELOW = "below", _("基準の震度に達せず")
        NOT_NORMAL = "not_normal", _("訓練・試験の電文")
        CANCELLED = "cancelled", _("取消の電文")
        IGNORED = "ignored", _("対象外の電文")
        REJECTED = "rejected", _("読めない電文")

    digest = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=10)  # "feed" or "file"
    reference = models.CharField(max_length=500)  # the feed entry's id, or the file's name
    received_at = models.DateTimeField(auto_now_add=True)
    control_title = models.CharField(max_length=60, blank=True)
    event_id = models.CharField(max_length=40, blank=True, db_index=True)
    intensity_here = models.CharField(max_length=4, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("気象庁の電文")
        verbose_name_plural = _("気象庁の電文")

    def __str__(self) -> str:
        return f"jma:{self.event_id or self.pk}"
