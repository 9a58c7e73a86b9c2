"""Serve the platform with granian (WSGI) and, unless --no-worker, a background task worker.

granian's HTTP side is compiled (Rust); only the application runs in Python. ADR 0011 says why
it replaced waitress and why the embedded default runs one worker process: its caches, rate
limits and page cache live in process memory, and two processes would each keep their own.
With REDIS_URL set they are shared, and one process per core is the default.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

TARGET = "kuyakusho.wsgi:application"


def default_workers() -> int:
    from django.conf import settings

    return (os.cpu_count() or 1) if settings.REDIS_URL else 1


class Command(BaseCommand):
    help = "Serve Kuyakusho (granian) with a background worker."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="app server processes (default: 1 on the embedded default, one per core with REDIS_URL)",
        )
        parser.add_argument("--threads", type=int, default=8, help="request threads per process")
        parser.add_argument("--no-worker", action="store_true", help="do not start a task worker")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from django.conf import settings
        from django.core.management import call_command
        from granian import Granian
        from granian.constants import Interfaces

        workers = options["workers"] or default_workers()
        if workers < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(
                "warning: several processes without REDIS_URL keep separate caches and rate "
                "limits (ADR 0011)"
            )
        # Static files with pre-compressed copies, collected before the app (and WhiteNoise)
        # loads; the server's processes read the marker through settings.WHITENOISE_USE_FINDERS.
        call_command("collectstatic", interactive=False, verbosity=0)
        settings.STATIC_COLLECTED_MARKER.touch()

        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "kuyakusho.cli", "worker"])
            self.stdout.write(f"worker started (pid {worker.pid})")
        self.stdout.write(f"Kuyakusho: http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        server = Granian(
            TARGET,
            address=options["host"],
            port=options["port"],
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=options["threads"],
            websockets=False,
            respawn_failed_workers=True,  # a process that dies comes back; the others go on
            log_access=False,  # request lines are not needed, and URLs must never carry personal data
            workers_kill_timeout=10,
        )
        try:
            server.serve()  # returns when SIGINT or SIGTERM has stopped the processes
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
