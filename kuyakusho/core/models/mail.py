from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """Every e-mail the platform sends, kept so that staff can see what went out."""

    class Status(models.TextChoices):
        STORED = "stored", _("保管のみ（送信設定なし）")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STORED)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")

    def __str__(self) -> str:
        return self.subject
