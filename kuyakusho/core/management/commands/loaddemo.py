from django.core.management.base import BaseCommand

from kuyakusho.core.demo import WARDS, demo_account_lines, demo_note_lines, load_demo


class Command(BaseCommand):
    help = "Load the demo data for one ward (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--ward", default="nerima", choices=sorted(WARDS))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        ward = load_demo(options["ward"])
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Demo data loaded for {ward.name_ja} ({ward.municipality_code}). SAMPLE DATA."
        )
        self.stdout.write(
            "Demo accounts (staff sign in with the TOTP secret in an authenticator app):"
        )
        for line in demo_account_lines():
            self.stdout.write(line)
        for line in demo_note_lines():
            self.stdout.write(line)
