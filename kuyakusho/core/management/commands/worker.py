"""Run the background worker of the configured engine, with a heartbeat for /healthz."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from kuyakusho.core.tasks import HeartbeatThread, warm_up


class Command(BaseCommand):
    help = "Run the task worker (database queue by default, RQ when configured)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--batch", action="store_true", help="Process what is queued, then exit."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        warm_up()
        heartbeat = HeartbeatThread(settings.TASK_ENGINE)
        heartbeat.beat()
        heartbeat.start()
        try:
            if settings.TASK_ENGINE == "rq":
                extra = ["--burst"] if options["batch"] else []
                call_command("rqworker", "default", "--job-class", "django_tasks_rq.Job", *extra)
            else:
                extra = ["--batch"] if options["batch"] else []
                call_command(
                    "db_worker", "--queue-name", "*", "--no-reload", "--no-startup-delay", *extra
                )
        finally:
            heartbeat.stop()
