"""Audit log: how fast records are appended (each in its own transaction) and verified."""

from __future__ import annotations

import time

from _setup import fresh_platform, machine

APPENDS = 5000


def main() -> None:
    fresh_platform()
    from django.db import transaction

    from kuyakusho.core.audit import log_action, verify_chain

    started = time.perf_counter()
    for i in range(APPENDS):
        with transaction.atomic():
            log_action(None, "bench.event", ("bench", str(i)), {"i": i, "text": "区民の操作"})
    append_seconds = time.perf_counter() - started

    started = time.perf_counter()
    count, problems = verify_chain()
    verify_seconds = time.perf_counter() - started

    print(f"machine: {machine()}")
    print(
        f"audit append: {APPENDS} records in {append_seconds:.2f} s = {APPENDS / append_seconds:.0f} records/s (SQLite WAL, one transaction each)"
    )
    print(
        f"audit verify: {count} records in {verify_seconds:.2f} s = {count / verify_seconds:.0f} records/s, problems: {len(problems)}"
    )


if __name__ == "__main__":
    main()
