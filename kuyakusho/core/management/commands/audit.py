from django.core.management.base import BaseCommand, CommandError

from kuyakusho.core.audit import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `audit verify` checks the whole hash chain and fails on any break."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count, problems = verify_chain()
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"record {problem.sequence}: {problem.problem}")
            raise CommandError(
                f"audit log verification FAILED: {len(problems)} problem(s) in {count} record(s)"
            )
        self.stdout.write(f"audit log OK: {count} record(s), chain intact")
