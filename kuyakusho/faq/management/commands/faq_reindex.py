"""Rebuild the FAQ's search documents from the published answers (after a restore, say)."""

from django.core.management.base import BaseCommand

from kuyakusho.faq.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index entries of every published FAQ answer."

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        count = reindex_all()
        self.stdout.write(f"indexed {count} FAQ documents")
