from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..municipality import validate_municipality_code


class BilingualNameMixin:
    """`display_name(language)` for models with `name_ja` and `name_en`: the Japanese name on
    Japanese pages (and, where `kanji_for_chinese`, for Chinese readers, who read it as
    written), the English name for everyone else."""

    kanji_for_chinese = False

    def display_name(self, language: str) -> str:
        prefixes = ("ja", "zh") if self.kanji_for_chinese else ("ja",)
        if language.startswith(prefixes) or not self.name_en:
            return self.name_ja
        return self.name_en


def default_languages() -> list[str]:
    return ["ja", "ja-x-easy", "en", "zh-hans", "zh-hant", "ko"]


class WardProfile(BilingualNameMixin, models.Model):
    """The municipality that runs this installation. Exactly one row is active."""

    kanji_for_chinese = True

    slug = models.SlugField(_("識別名"), unique=True)
    municipality_code = models.CharField(
        _("全国地方公共団体コード"), max_length=6, validators=[validate_municipality_code]
    )
    name_ja = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英語名称"), max_length=80)
    name_kana = models.CharField(_("よみがな"), max_length=80)
    centre_lat = models.FloatField(_("地図の中心（緯度）"))
    centre_lon = models.FloatField(_("地図の中心（経度）"))
    bounds_south = models.FloatField(_("範囲 南端（緯度）"))
    bounds_west = models.FloatField(_("範囲 西端（経度）"))
    bounds_north = models.FloatField(_("範囲 北端（緯度）"))
    bounds_east = models.FloatField(_("範囲 東端（経度）"))
    enabled_languages = models.JSONField(_("使用する言語"), default=default_languages)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(_("代表電話"), max_length=20, blank=True)
    email = models.EmailField(_("問い合わせメール"), blank=True)
    website = models.URLField(_("公式サイト"), blank=True)
    emblem = models.ImageField(_("区章"), upload_to="ward/", blank=True)
    is_active = models.BooleanField(_("使用中"), default=False)
    is_sample = models.BooleanField(
        _("サンプルデータ"), default=False, help_text=_("デモ用のデータであることを表示します。")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("区の設定")
        verbose_name_plural = _("区の設定")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_ward"
            ),
            models.CheckConstraint(
                condition=models.Q(bounds_south__lt=models.F("bounds_north"))
                & models.Q(bounds_west__lt=models.F("bounds_east")),
                name="ward_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name_ja

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.bounds_south is not None and self.bounds_north is not None:
            if self.bounds_south >= self.bounds_north:
                errors.setdefault("bounds_north", []).append(_("北端は南端より北にしてください。"))
        if self.bounds_west is not None and self.bounds_east is not None:
            if self.bounds_west >= self.bounds_east:
                errors.setdefault("bounds_east", []).append(_("東端は西端より東にしてください。"))
        if not errors and not self.contains(self.centre_lat, self.centre_lon):
            errors.setdefault("centre_lat", []).append(_("地図の中心が区の範囲の外にあります。"))
        unknown = sorted(set(self.enabled_languages or []) - set(default_languages()))
        if unknown:
            errors.setdefault("enabled_languages", []).append(
                _("対応していない言語です: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        if errors:
            raise ValidationError(errors)

    def contains(self, lat: float | None, lon: float | None) -> bool:
        if lat is None or lon is None:
            return False
        return (
            self.bounds_south <= lat <= self.bounds_north
            and self.bounds_west <= lon <= self.bounds_east
        )


class Department(BilingualNameMixin, models.Model):
    """所管課: a unit of the ward office that owns content, cases and data."""

    code = models.SlugField(_("課コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("課名"), max_length=60)
    name_en = models.CharField(_("英語名"), max_length=100, blank=True)
    division_ja = models.CharField(_("部"), max_length=60, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    is_ict_division = models.BooleanField(
        _("情報政策を所管する課"),
        default=False,
        help_text=_("情報化基本計画と情報システムを所管する課です。"),
    )
    is_crisis_management = models.BooleanField(
        _("危機管理を所管する課"),
        default=False,
        help_text=_("災害時の警報の発信と職員安否確認を所管する課です（防災課・危機管理課など）。"),
    )

    class Meta:
        verbose_name = _("所管課")
        verbose_name_plural = _("所管課")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ja
