"""Serve the platform with waitress and, unless --no-worker, a background task worker."""

from __future__ import annotations

import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Kuyakusho (waitress) with a background worker."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from django.conf import settings
        from django.core.management import call_command

        # Static files with pre-compressed copies, collected before the app (and WhiteNoise)
        # loads; settings.WHITENOISE_USE_FINDERS reads the marker.
        call_command("collectstatic", interactive=False, verbosity=0)
        settings.STATIC_COLLECTED_MARKER.touch()
        settings.WHITENOISE_USE_FINDERS = False

        from waitress import serve

        from kuyakusho.wsgi import application

        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "kuyakusho.cli", "worker"])
            self.stdout.write(f"worker started (pid {worker.pid})")

        def stop(signum, frame):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Kuyakusho: http://{options['host']}:{options['port']}/")
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="kuyakusho",
            )
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
