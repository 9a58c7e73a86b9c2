"""Facilities (施設) of the ward and of others residents look for: 区民館, 図書館, 保育園, 医療機関 …

A facility's page is the source the open-data module publishes (issue #7), and reservations
(#9) and disaster (#6) build on these rows. The columns follow デジタル庁「自治体標準オープン
データセット」 (公共施設一覧, 指定緊急避難場所一覧, AED設置箇所一覧, 公衆無線LANアクセスポイント一覧,
子育て施設一覧): each field names the column it feeds in its comment where the name differs.
Stable row IDs for those datasets are the primary keys.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin

from ..attributes import Wifi

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_POSTAL_CODE = re.compile(r"^(\d{3})-?(\d{4})$")


def prefers_japanese(language: str) -> bool:
    """Japanese text on Japanese pages (やさしい日本語 included); English for everyone else."""
    return language.startswith("ja")


def validate_kana(value: str) -> None:
    if _KANJI.search(value or ""):
        raise ValidationError(
            _("よみがなは、ひらがなかカタカナで入力してください（漢字は使えません）。"),
            code="kanji_in_kana",
        )


def normalise_postal_code(value: str) -> str:
    """123-4567 from any of 1234567, １２３−４５６７ …; "" stays ""."""
    value = unicodedata.normalize("NFKC", value or "").strip().replace("−", "-").replace("ー", "-")
    if not value:
        return ""
    match = _POSTAL_CODE.match(value)
    if match is None:
        raise ValidationError(
            _("郵便番号は7桁の数字で入力してください（例: 176-8501）。"), code="postal_code"
        )
    return f"{match.group(1)}-{match.group(2)}"


def corporate_number_check_digit(base: str) -> int:
    """法人番号 (13 digits): the leading check digit of the 12-digit base number
    (法人番号の指定等に関する省令 第2条): 9 - (Σ Pn×Qn mod 9), Pn the n-th digit from the
    right, Qn = 1 for odd n and 2 for even n."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return 9 - total % 9


def validate_corporate_number(value: str) -> None:
    if not value:
        return
    if not (len(value) == 13 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("法人番号は半角数字13桁で入力してください。"), code="corporate_number_format"
        )
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("法人番号の検査数字（1桁目）が正しくありません。番号を確かめてください。"),
            code="corporate_number_check_digit",
        )


class FacilityType(BilingualNameMixin, models.Model):
    """施設の種類, configured by the ward: 区民館, 図書館, 体育館, 保育園, 医療機関, 介護事業所, 避難所 …"""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)
    # Which standard datasets a facility of this type belongs in (the open-data module reads these).
    is_public_facility = models.BooleanField(
        _("区の公共施設"), default=True, help_text=_("公共施設一覧（オープンデータ）に載せます。")
    )
    is_childcare_facility = models.BooleanField(
        _("子育て施設"), default=False, help_text=_("子育て施設一覧（オープンデータ）に載せます。")
    )
    poi_code = models.CharField(
        _("POIコード"),
        max_length=20,
        blank=True,
        help_text=_("公共施設一覧の「POIコード」列に出力する分類コードです。"),
    )

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("施設の種類")
        verbose_name_plural = _("施設の種類")

    def __str__(self) -> str:
        return self.name_ja


class Facility(BilingualNameMixin, models.Model):
    # Chinese readers read a Japanese facility name as it is written, as with the ward's name.
    kanji_for_chinese = True

    type = models.ForeignKey(
        FacilityType, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("種類")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("所管課")
    )
    name_ja = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=150, validators=[validate_kana])
    name_en = models.CharField(_("英語名称"), max_length=150, blank=True)  # 名称_英字
    description_ja = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)

    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("所在地"), max_length=200)
    address_note = models.CharField(_("建物名・階など"), max_length=100, blank=True)  # 方書
    town = models.CharField(
        _("町名"), max_length=50, blank=True, help_text=_("例: 豊玉北。地域で探すときに使います。")
    )
    lat = models.FloatField(_("緯度"))
    lon = models.FloatField(_("経度"))

    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    phone_extension = models.CharField(_("内線番号"), max_length=10, blank=True)
    fax = models.CharField(_("FAX番号"), max_length=20, blank=True)
    url = models.URLField(_("ウェブサイト"), max_length=300, blank=True)
    operator_name = models.CharField(
        _("運営者"), max_length=100, blank=True, help_text=_("指定管理者や法人の名称（団体名）。")
    )
    corporate_number = models.CharField(
        _("法人番号"), max_length=13, blank=True, validators=[validate_corporate_number]
    )
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)

    # 利用可能日時特記事項: holidays, year-end closing … (the weekly hours are OpeningHours rows).
    hours_note_ja = models.CharField(_("開館時間の補足"), max_length=300, blank=True)
    hours_note_en = models.CharField(_("開館時間の補足（英語）"), max_length=300, blank=True)

    wifi = models.CharField(_("無料Wi-Fi"), max_length=10, choices=Wifi.choices, default=Wifi.NONE)
    wifi_ssid = models.CharField(_("SSID"), max_length=64, blank=True)
    wifi_provider = models.CharField(_("Wi-Fi の提供者"), max_length=100, blank=True)  # 設置者
    wifi_area = models.CharField(_("Wi-Fi が使える場所"), max_length=100, blank=True)

    # Barrier-free checklist (attributes.BARRIER_FREE): one column each, so any is one filter.
    has_elevator = models.BooleanField(_("エレベーター"), default=False)
    has_step_free_entrance = models.BooleanField(_("段差のない出入口"), default=False)
    has_accessible_toilet = models.BooleanField(_("だれでもトイレ（車いす対応）"), default=False)
    has_ostomate_toilet = models.BooleanField(_("オストメイト対応トイレ"), default=False)
    has_wheelchair_parking = models.BooleanField(_("車いす用駐車場"), default=False)
    has_guide_blocks = models.BooleanField(_("視覚障害者誘導用ブロック"), default=False)
    has_braille_signage = models.BooleanField(_("点字の案内表示"), default=False)
    has_hearing_loop = models.BooleanField(_("ヒアリングループ（磁気ループ）"), default=False)
    has_wheelchair_rental = models.BooleanField(_("車いすの貸出し"), default=False)
    has_nursing_room = models.BooleanField(_("授乳室"), default=False)
    has_baby_changing = models.BooleanField(_("おむつ交換台"), default=False)
    barrier_free_note = models.CharField(_("バリアフリーの補足"), max_length=300, blank=True)

    # AED設置箇所一覧: 設置位置, 小児対応設備の有無.
    has_aed = models.BooleanField(_("AED"), default=False)
    aed_location = models.CharField(_("AEDの設置場所"), max_length=100, blank=True)
    aed_pediatric = models.BooleanField(_("AEDの小児用パッド等"), default=False)

    # Designations under 災害対策基本法 (指定避難所一覧 / 指定緊急避難場所一覧).
    is_designated_shelter = models.BooleanField(_("指定避難所"), default=False)
    is_welfare_shelter = models.BooleanField(_("福祉避難所"), default=False)
    is_evacuation_site = models.BooleanField(_("指定緊急避難場所"), default=False)
    evacuation_flood = models.BooleanField(_("洪水"), default=False)
    evacuation_landslide = models.BooleanField(_("崖崩れ、土石流及び地滑り"), default=False)
    evacuation_storm_surge = models.BooleanField(_("高潮"), default=False)
    evacuation_earthquake = models.BooleanField(_("地震"), default=False)
    evacuation_tsunami = models.BooleanField(_("津波"), default=False)
    evacuation_large_fire = models.BooleanField(_("大規模な火事"), default=False)
    evacuation_inland_flood = models.BooleanField(_("内水氾濫"), default=False)
    evacuation_volcano = models.BooleanField(_("火山現象"), default=False)
    shelter_capacity = models.PositiveIntegerField(_("想定収容人数"), null=True, blank=True)

    is_published = models.BooleanField(_("公開"), default=False)
    is_sample = models.BooleanField(_("サンプルデータ"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    class Meta:
        ordering = ["name_kana", "pk"]
        verbose_name = _("施設")
        verbose_name_plural = _("施設")
        indexes = [
            models.Index(fields=["is_published", "type"]),
            models.Index(fields=["is_published", "town"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="facility_coordinates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name_ja

    def clean(self) -> None:
        errors = {}
        try:
            self.postal_code = normalise_postal_code(self.postal_code)
        except ValidationError as error:
            errors["postal_code"] = error.messages
        self.name_kana = unicodedata.normalize("NFKC", self.name_kana or "").strip()
        if self.wifi == Wifi.NONE:
            self.wifi_ssid = self.wifi_provider = self.wifi_area = ""
        if not self.has_aed:
            self.aed_location, self.aed_pediatric = "", False
        if errors:
            raise ValidationError(errors)

    def description_for(self, language: str) -> str:
        if prefers_japanese(language) or not self.description_en:
            return self.description_ja
        return self.description_en

    def hours_note_for(self, language: str) -> str:
        if prefers_japanese(language) or not self.hours_note_en:
            return self.hours_note_ja
        return self.hours_note_en


class OpeningHours(models.Model):
    """One opening range on one day of the week (hours.DAYS); none on a day means closed."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="hours")
    day = models.PositiveSmallIntegerField(_("曜日"), validators=[MaxValueValidator(7)])
    opens = models.PositiveSmallIntegerField(
        _("開始（分）"), validators=[MaxValueValidator(24 * 60 - 1)]
    )
    closes = models.PositiveSmallIntegerField(
        _("終了（分）"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )

    class Meta:
        ordering = ["day", "opens"]
        verbose_name = _("開館時間")
        verbose_name_plural = _("開館時間")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes"), closes__lte=24 * 60, day__lte=7),
                name="opening_hours_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id}:{self.day}:{self.opens}-{self.closes}"


class Landmark(BilingualNameMixin, models.Model):
    """A place to measure "near me" from without JavaScript: a station, the ward office …"""

    kanji_for_chinese = True

    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    lat = models.FloatField(_("緯度"))
    lon = models.FloatField(_("経度"))
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "name_ja"]
        verbose_name = _("目印")
        verbose_name_plural = _("目印")

    def __str__(self) -> str:
        return self.name_ja
