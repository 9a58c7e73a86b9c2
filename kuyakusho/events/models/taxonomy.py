"""What events are filtered by: categories (分野) and areas (地域), both configured by staff."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin


class Category(BilingualNameMixin, models.Model):
    """分野 of events and groups (文化・芸術, 講座・学習 …). The department reviews the groups that
    register in this field, and those groups' events."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="event_categories",
        verbose_name=_("団体と催しを確認する所管課"),
    )
    is_active = models.BooleanField(_("使用中"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("イベントの分野")
        verbose_name_plural = _("イベントの分野")

    def __str__(self) -> str:
        return self.name_ja


class EventArea(BilingualNameMixin, models.Model):
    """地域 where events take place and groups are active. Kept in this domain: the areas of
    notifications belong to subscriptions and carry polygons that events do not need."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("イベントの地域")
        verbose_name_plural = _("イベントの地域")

    def __str__(self) -> str:
        return self.name_ja
