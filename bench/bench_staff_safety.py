"""Staff safety confirmation: a round for N staff (default 5,000) through a real SMTP server on
loopback (the aiosmtpd sink of bench_notifications.py, bench/_smtp_sink.py, in its own process).

Set-up (not timed): a fresh SQLite platform with the demo data and N staff accounts in the
seven demo departments (one in twenty in two departments). Each run then calls
start_confirmation() with no actor (what the disaster domain does for a JMA message) and, as soon
as it returns, runs the sending task in the same process (what the worker does; a database
worker that is idle finds the job within its 1 s poll interval, an RQ worker at once). Figures:
time to create the round (recipient rows), first and last message accepted by the sink, counted
from the call; the goal is the last message within 10 s for 5,000 staff.

Nothing is asserted about time. Correctness is checked: the sink received exactly N messages
for N distinct addresses and every recipient row is marked sent.

    python bench/bench_staff_safety.py [--staff 5000] [--runs 3] [--connections 4]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _setup import fresh_platform, machine
from bench_notifications import Sink

# The convention on the shared benchmark machine (a marker, not a file with content).
BUSY_FLAG = Path("/tmp/bench-running")  # noqa: S108


def create_staff(count: int) -> None:
    """N staff accounts (no password: nobody signs in), memberships written in bulk."""
    from kuyakusho.accounts.models import StaffMembership, User
    from kuyakusho.core.models import Department

    departments = list(Department.objects.order_by("code"))
    users = User.objects.bulk_create(
        [User(email=f"bench-staff{i:05d}@example.jp", password="!") for i in range(count)],  # noqa: S106 - unusable
        batch_size=1000,
    )
    if any(u.pk is None for u in users):
        users = list(User.objects.filter(email__startswith="bench-staff").order_by("email"))
    memberships = []
    for i, user in enumerate(users):
        memberships.append(
            StaffMembership(user=user, department=departments[i % len(departments)], role="staff")
        )
        if i % 20 == 0:  # one in twenty also belongs to the next department
            other = departments[(i + 1) % len(departments)]
            memberships.append(StaffMembership(user=user, department=other, role="staff"))
    StaffMembership.objects.bulk_create(memberships, batch_size=1000)


def one_run(sink: Sink, number: int) -> dict:
    from django.db import connection

    from kuyakusho.staff_safety import services
    from kuyakusho.staff_safety.models import Recipient
    from kuyakusho.staff_safety.sending import deliver

    sink.ask("reset")
    started_wall, started = time.time(), time.perf_counter()
    round_ = services.start_confirmation(
        None,
        title=f"震度5強の地震（ベンチマーク {number}）",
        drill=True,
        trigger_key=f"bench:{number}",
    )
    created = time.perf_counter() - started
    sent = deliver(round_.pk)
    done = time.perf_counter() - started
    stats = sink.ask("reset")
    marked = Recipient.objects.filter(round=round_, sent_at__isnull=False).count()
    connection.close()
    return {
        "recipients": round_.recipient_count,
        "created": created,
        "first": stats["first"] - started_wall if stats["first"] else float("nan"),
        "last": stats["last"] - started_wall if stats["last"] else float("nan"),
        "done": done,
        "accepted": stats["messages"],
        "distinct": stats["distinct"],
        "sent": sent,
        "marked": marked,
        "bytes": stats["bytes"] / max(1, stats["messages"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=5000, help="staff accounts (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds started, one after another")
    parser.add_argument("--connections", type=int, default=4, help="SMTP connections in parallel")
    args = parser.parse_args()

    if BUSY_FLAG.exists():
        sys.exit(f"{BUSY_FLAG} exists: another benchmark is running on this machine; try later")
    print(f"machine: {machine()}", flush=True)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    BUSY_FLAG.touch()  # tells others sharing the machine not to start heavy work now
    sink = Sink()
    try:
        setup_started = time.perf_counter()
        fresh_platform()
        create_staff(args.staff)
        from django.conf import settings

        from kuyakusho.core.tasks import warm_up

        settings.SMTP_URL = f"smtp://127.0.0.1:{sink.port}"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        settings.NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.NOTIFICATIONS_PARALLEL_CONNECTIONS = args.connections
        warm_up()
        print(
            f"set-up: fresh platform + {args.staff} staff in {time.perf_counter() - setup_started:.1f} s"
            f" (not timed); sink on 127.0.0.1:{sink.port}; {args.connections} SMTP connections",
            flush=True,
        )
        header = (
            f"{'run':>3} {'recipients':>10} {'rows s':>7} {'first s':>8} {'last s':>7} "
            f"{'msg/s':>7} {'B/msg':>6}  check"
        )
        print(header, flush=True)
        from kuyakusho.staff_safety.services import staff_to_confirm

        expected = len(staff_to_confirm())  # the bench's staff and the demo's staff accounts
        lasts = []
        for number in range(1, args.runs + 1):
            row = one_run(sink, number)
            problems = []
            if row["accepted"] != expected or row["distinct"] != expected:
                problems.append(f"sink got {row['accepted']} for {row['distinct']} addresses")
            if row["marked"] != expected or row["recipients"] != expected:
                problems.append(f"{row['marked']} of {row['recipients']} rows marked sent")
            check = (
                "ok: sink got N, all rows sent" if not problems else "FAIL: " + "; ".join(problems)
            )
            rate = row["accepted"] / row["last"] if row["last"] else 0.0
            print(
                f"{number:>3} {row['recipients']:>10} {row['created']:>7.2f} {row['first']:>8.2f} "
                f"{row['last']:>7.2f} {rate:>7.0f} {row['bytes']:>6.0f}  {check}",
                flush=True,
            )
            lasts.append(row["last"])
        print(
            f"median time to the last message accepted: {statistics.median(lasts):.2f} s"
            f" (goal: 10 s for 5,000 staff)",
            flush=True,
        )
        print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
        print(
            "rows = start_confirmation() (round + recipient rows + audit record); first/last = seconds"
            " from the call to the first/last message accepted by the sink",
            flush=True,
        )
    finally:
        sink.close()
        BUSY_FLAG.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
