"""Inquiries (お問い合わせ) from residents whom the FAQ did not help, and staff replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

from .content import Answer, Category


class InquiryStatus(models.TextChoices):
    RECEIVED = "received", _("未回答")
    ANSWERED = "answered", _("回答済み")
    CLOSED = "closed", _("完了")


class Inquiry(models.Model):
    """Personal data (name, address, free text): staff reads are audited with a purpose, and
    only staff of `department` may see it. The reference number is what the resident is told."""

    reference = models.CharField(_("受付番号"), max_length=9, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="faq_inquiries", verbose_name=_("所管課")
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        verbose_name=_("分類"),
    )
    answer = models.ForeignKey(
        Answer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        verbose_name=_("参照したよくある質問"),
    )
    subject = models.CharField(_("件名"), max_length=100)
    body = models.TextField(_("お問い合わせの内容"))
    name = models.CharField(_("お名前"), max_length=60, blank=True)
    email = models.EmailField(_("メールアドレス"))
    language = models.CharField(_("言語"), max_length=12)
    status = models.CharField(
        _("状態"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    first_replied_at = models.DateTimeField(_("最初の回答日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("お問い合わせ")
        verbose_name_plural = _("お問い合わせ")
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["department", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"inquiry:{self.reference}"


class InquiryReply(models.Model):
    """A reply as it was sent by e-mail."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="faq_replies"
    )
    body = models.TextField(_("回答"))
    sent_at = models.DateTimeField(_("送信日時"))

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("お問い合わせへの回答")
        verbose_name_plural = _("お問い合わせへの回答")

    def __str__(self) -> str:
        return f"reply:{self.pk}"
