"""What residents read: categories, and answers (question and answer) in several languages."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin


class Category(BilingualNameMixin, models.Model):
    """A subject area of the FAQ (ごみ・リサイクル, 戸籍・住民票 …). Inquiries sent from a category
    go to its department unless the resident came from an answer of another department."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    description_ja = models.CharField(_("説明"), max_length=200, blank=True)
    description_en = models.CharField(_("英語の説明"), max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="faq_categories",
        verbose_name=_("問い合わせ先の所管課"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("よくある質問の分類")
        verbose_name_plural = _("よくある質問の分類")

    def __str__(self) -> str:
        return self.name_ja

    def display_description(self, language: str) -> str:
        if language.startswith("ja") or not self.description_en:
            return self.description_ja
        return self.description_en


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PUBLISHED = "published", _("公開中")


class Answer(models.Model):
    """One question and its answer. The texts live in AnswerTranslation, one row per language;
    Japanese is always there. `keywords` holds readings and other words residents use
    (じゅうみんひょう, 粗大ごみ → そだいごみ): search cannot derive a reading from kanji."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="answers", verbose_name=_("分類")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="faq_answers",
        verbose_name=_("所管課"),
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT
    )
    keywords = models.CharField(_("検索用の読み仮名・言い換え"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the services when the text changes: the "last updated" date residents see.
    updated_at = models.DateTimeField(_("最終更新日"), default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("よくある質問")
        verbose_name_plural = _("よくある質問")
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return f"faq:{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == AnswerStatus.PUBLISHED


class AnswerTranslation(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("言語"), max_length=12)
    question = models.CharField(_("質問"), max_length=200)
    body = models.TextField(_("回答"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "language"], name="faq_one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}:{self.language}"
