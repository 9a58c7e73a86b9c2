"""Categories (Open311 "services"), their extra questions (Open311 "attributes"), the
configurable labels of the states, and response templates per department and state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin

from ..states import Datatype, State


class Category(BilingualNameMixin, models.Model):
    """What a resident reports (道路の損傷, 街路灯 …) and the department it is routed to."""

    code = models.SlugField(
        _("コード"), max_length=40, unique=True, help_text=_("Open311 の service_code")
    )
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    description_ja = models.CharField(_("説明"), max_length=300, blank=True)
    description_en = models.CharField(_("英語の説明"), max_length=300, blank=True)
    group = models.CharField(_("分類"), max_length=40, blank=True, help_text=_("例: 道路、公園"))
    keywords = models.CharField(_("キーワード"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("担当課")
    )
    is_active = models.BooleanField(_("受付中"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("レポートの種類")
        verbose_name_plural = _("レポートの種類")

    def __str__(self) -> str:
        return self.name_ja

    def description(self, language: str) -> str:
        return (
            self.description_en
            if not language.startswith("ja") and self.description_en
            else self.description_ja
        )


class CategoryAttribute(models.Model):
    """An extra question of a category. `choices` is a list of {"key", "name_ja", "name_en"}."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("コード"), max_length=40)
    label_ja = models.CharField(_("質問"), max_length=120)
    label_en = models.CharField(_("英語の質問"), max_length=200, blank=True)
    datatype = models.CharField(_("答えの形"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("必須"), default=False)
    choices = models.JSONField(_("選択肢"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("順番"), default=1)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="reports_attribute_code")
        ]
        verbose_name = _("追加の質問")
        verbose_name_plural = _("追加の質問")

    def __str__(self) -> str:
        return f"{self.category_id}:{self.code}"

    def label(self, language: str) -> str:
        return self.label_en if not language.startswith("ja") and self.label_en else self.label_ja

    def choice_label(self, key: str, language: str) -> str:
        for choice in self.choices:
            if choice.get("key") == key:
                if not language.startswith("ja") and choice.get("name_en"):
                    return str(choice["name_en"])
                return str(choice.get("name_ja") or key)
        return key


class StateLabel(models.Model):
    """A label staff chose for a state instead of the default (e.g. 区の管轄外 → 国・都へ連絡済み)."""

    state = models.CharField(max_length=20, choices=State.choices, unique=True)
    label_ja = models.CharField(_("表示名"), max_length=30)
    label_en = models.CharField(_("英語の表示名"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("状態の表示名")
        verbose_name_plural = _("状態の表示名")

    def __str__(self) -> str:
        return self.state


class ResponseTemplate(models.Model):
    """A ready answer a department gives when it moves a report to a state."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("状態"), max_length=20, choices=State.choices)
    title = models.CharField(_("名前"), max_length=60)
    text = models.TextField(_("回答文"), max_length=2000)

    class Meta:
        ordering = ["state", "title"]
        verbose_name = _("回答のひな形")
        verbose_name_plural = _("回答のひな形")

    def __str__(self) -> str:
        return self.title
