"""Background work of staff safety confirmation (enqueued only through core.tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_round_messages(round_id: int) -> int:
    """The first message of a round to everyone it has not reached yet."""
    from .sending import INITIAL, deliver

    return deliver(round_id, INITIAL)


@task()
def send_reminders(round_id: int, number: int) -> int:
    """Reminder `number` to everyone who has not answered yet (none once the round is closed)."""
    from .sending import REMINDER, deliver

    return deliver(round_id, REMINDER, number)


@task()
def hand_out_due_work() -> dict:
    """Every minute (core.scheduler): reminders that are due, first mails still unsent."""
    from .services import hand_out_due_work as hand_out

    return hand_out()
