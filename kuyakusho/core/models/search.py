from django.db import models


class SearchDocument(models.Model):
    """One searchable item (a page, notice, FAQ, event, facility …) in one language.

    Modules index through core.search.index_document(); the text is stored NFKC-normalised with
    katakana folded to hiragana in `normalized`, which the search indexes cover (SQLite: FTS5
    trigram, gram and title tables kept by triggers; PostgreSQL: GIN indexes on character
    grams; see core.search).
    """

    doc_type = models.CharField(max_length=40, db_index=True)
    object_key = models.CharField(max_length=64)
    language = models.CharField(max_length=12, db_index=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    normalized = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "object_key", "language"], name="one_search_doc_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_key}:{self.language}"
