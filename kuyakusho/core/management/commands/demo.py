"""Set up the demo (migrate, load demo data, print the accounts) and serve it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotent), print the demo accounts and serve."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--ward", default="nerima", choices=["nerima", "kita", "suginami"])
        parser.add_argument("--no-serve", action="store_true", help="Prepare only; do not serve.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddemo", ward=options["ward"])
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
