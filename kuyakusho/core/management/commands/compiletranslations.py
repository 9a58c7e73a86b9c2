from django.core.management.base import BaseCommand

from kuyakusho.core.i18n_build import compile_catalogs


class Command(BaseCommand):
    help = "Compile the project's .po catalogs to .mo (pure Python, no GNU gettext needed)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        built = compile_catalogs()
        self.stdout.write(f"compiled {len(built)} catalog(s)")
