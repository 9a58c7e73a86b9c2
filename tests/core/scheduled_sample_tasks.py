"""Tasks used by the scheduler tests: periodic tasks take no arguments."""

from kuyakusho.core.audit import log_action
from kuyakusho.core.tasks import task


@task()
def record_scheduled_run() -> None:
    log_action(None, "test.scheduled.ran")


@task()
def other_scheduled_run() -> None:
    log_action(None, "test.scheduled.other")
