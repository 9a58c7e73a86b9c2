"""A task used by the task tests: it leaves a trace in the audit log when it runs."""

from kuyakusho.core.audit import log_action
from kuyakusho.core.tasks import task


@task()
def record_marker(token: str) -> str:
    log_action(None, "test.task.ran", None, {"token": token})
    return token
