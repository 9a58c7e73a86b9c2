"""What residents tell us without telling us who they are: votes and searches that found nothing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import Answer


class Feedback(models.Model):
    """One answer to 「解決しましたか？」. Deliberately holds nothing that identifies the person:
    no account, session, address, or time of day (the date only). The one-vote-per-session rule
    is kept in the voter's own session, not here."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("解決した"))
    # Phone numbers and e-mail addresses are redacted before saving (faq.validation.redact).
    comment = models.CharField(_("ご意見"), max_length=200, blank=True)
    language = models.CharField(_("表示した言語"), max_length=12)
    created_on = models.DateField(_("日付"), db_index=True)

    class Meta:
        verbose_name = _("解決したかどうかの回答")
        verbose_name_plural = _("解決したかどうかの回答")

    def __str__(self) -> str:
        return f"feedback:{self.pk}"


class ZeroResultQuery(models.Model):
    """A search that found no answer, normalised and redacted, counted per day and language."""

    query = models.CharField(_("検索語"), max_length=100)
    language = models.CharField(_("言語"), max_length=12)
    day = models.DateField(_("日付"))
    count = models.PositiveIntegerField(_("回数"), default=1)

    class Meta:
        verbose_name = _("見つからなかった検索")
        verbose_name_plural = _("見つからなかった検索")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "language", "day"], name="faq_one_zero_result_row_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"
