from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """The persisted state of one periodic job registered with core.scheduler.

    The schedule itself lives in code (register_periodic); this row only remembers when the
    job is due next, so the schedule survives restarts and every worker sees the same due time.
    A worker claims a due run by moving next_run_at forward with one conditional UPDATE, so no
    lock column is needed: the UPDATE is the lock.
    """

    name = models.CharField(_("ジョブ名"), max_length=100, unique=True)
    # A text form of the registered schedule ("every:0:01:00" or "daily:07:00:00"). When the code's
    # schedule changes, next_run_at is recomputed instead of waiting for the old due time.
    schedule = models.CharField(_("スケジュール"), max_length=100)
    next_run_at = models.DateTimeField(_("次回実行"))
    last_run_at = models.DateTimeField(_("前回実行"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("定期ジョブ")
        verbose_name_plural = _("定期ジョブ")

    def __str__(self) -> str:
        return self.name
