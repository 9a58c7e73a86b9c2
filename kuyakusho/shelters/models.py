"""Shelters (避難所・避難場所) and their live status, with a history row for every update.

A shelter is its own record rather than a flag on a facility: it carries what an emergency
needs (capacity in people, the disaster types it is designated for, a staff-only contact, who
runs it, the live status and head count) and some sites are no facility at all (a park, a
station-side hall run by a company). It may point at the facility directory's entry for the
same building (`facility`), which the public page links to.

Field lists follow デジタル庁「自治体標準オープンデータセット」 (指定緊急避難場所一覧: 名称, 名称_カナ,
名称_英字, 所在地_連結表記, 緯度, 経度, 災害種別_*, 想定収容人数, 電話番号; 指定避難所一覧 adds
指定緊急避難場所との重複, 福祉避難所かどうか). Sources of the designations and disaster types are
in attributes.py.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin

from .attributes import HAZARDS, KINDS, Status, present

# Larger than any 広域避難場所; keeps capacity × 10 (the head-count limit) far inside an integer.
MAX_CAPACITY = 1_000_000
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def validate_kana(value: str) -> None:
    if _KANJI.search(value or ""):
        raise ValidationError(
            _("よみがなは、ひらがなかカタカナで入力してください（漢字は使えません）。"),
            code="kanji_in_kana",
        )


class Shelter(BilingualNameMixin, models.Model):
    # Chinese readers read a Japanese place name as written, as with facilities and the ward.
    kanji_for_chinese = True

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="shelters",
        verbose_name=_("運営する所管課"),
        help_text=_("この課の職員が、開設・満員・閉鎖と避難者数を更新できます。"),
    )
    # The facility directory's entry for the same building (optional). A string reference and no
    # reverse accessor: the facilities app knows nothing of shelters.
    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("施設案内の施設"),
    )
    name_ja = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=150, validators=[validate_kana])
    name_en = models.CharField(_("英語名称"), max_length=150, blank=True)
    description_ja = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)

    address = models.CharField(_("所在地"), max_length=200)
    lat = models.FloatField(_("緯度"))
    lon = models.FloatField(_("経度"))
    capacity = models.PositiveIntegerField(
        _("収容人数"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("想定収容人数（人）。"),
    )
    phone = models.CharField(_("電話番号（公開）"), max_length=20, blank=True)
    staff_contact = models.CharField(
        _("職員用の連絡先（非公開）"),
        max_length=300,
        blank=True,
        help_text=_(
            "鍵の保管者や施設管理者の連絡先など。職員用の画面にだけ表示され、公開ページ・GeoJSON・APIには出ません。"
        ),
    )

    # Designations (attributes.KINDS): several may hold for one site.
    is_designated_shelter = models.BooleanField(_("指定避難所"), default=False)
    is_evacuation_site = models.BooleanField(_("指定緊急避難場所"), default=False)
    is_welfare_shelter = models.BooleanField(_("福祉避難所"), default=False)
    is_temporary_stay = models.BooleanField(_("一時滞在施設"), default=False)
    # Disaster types a 指定緊急避難場所 is designated for (attributes.HAZARDS).
    evacuation_flood = models.BooleanField(_("洪水"), default=False)
    evacuation_landslide = models.BooleanField(_("崖崩れ、土石流及び地滑り"), default=False)
    evacuation_storm_surge = models.BooleanField(_("高潮"), default=False)
    evacuation_earthquake = models.BooleanField(_("地震"), default=False)
    evacuation_tsunami = models.BooleanField(_("津波"), default=False)
    evacuation_large_fire = models.BooleanField(_("大規模な火事"), default=False)
    evacuation_inland_flood = models.BooleanField(_("内水氾濫"), default=False)
    evacuation_volcano = models.BooleanField(_("火山現象"), default=False)
    # Accessibility (attributes.BARRIER_FREE, the facility directory's checklist).
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
    accessibility_note = models.CharField(_("バリアフリーの補足"), max_length=300, blank=True)

    is_active = models.BooleanField(
        _("有効"),
        default=True,
        help_text=_("無効にすると、公開ページ・地図・GeoJSON・API・状況の一覧から外れます。"),
    )
    is_sample = models.BooleanField(_("サンプルデータ"), default=False)

    # Live status: changed only through services.update_status, which writes StatusChange.
    status = models.CharField(
        _("状況"), max_length=10, choices=Status.choices, default=Status.CLOSED
    )
    head_count = models.PositiveIntegerField(_("避難者数"), default=0)
    status_updated_at = models.DateTimeField(_("状況の更新日時"), null=True, blank=True)
    status_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("状況を更新した職員"),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    class Meta:
        ordering = ["name_kana", "pk"]
        verbose_name = _("避難所")
        verbose_name_plural = _("避難所")
        indexes = [models.Index(fields=["is_active", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="shelter_coordinates_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(is_designated_shelter=True)
                | models.Q(is_evacuation_site=True)
                | models.Q(is_welfare_shelter=True)
                | models.Q(is_temporary_stay=True),
                name="shelter_has_a_designation",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="shelter_capacity"),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="shelter_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name_ja

    def clean(self) -> None:
        self.name_kana = unicodedata.normalize("NFKC", self.name_kana or "").strip()
        errors: dict[str, list] = {}
        if not present(self, KINDS):
            errors["kinds"] = [_("種別を1つ以上選んでください。")]
        hazards = present(self, HAZARDS)
        if self.is_evacuation_site and not hazards:
            errors["hazards"] = [_("指定緊急避難場所には、対象とする災害を1つ以上選んでください。")]
        elif hazards and not self.is_evacuation_site:
            errors["hazards"] = [
                _("対象とする災害は、指定緊急避難場所のときだけ選べます。種別も選んでください。")
            ]
        if errors:
            raise ValidationError(errors)

    def description_for(self, language: str) -> str:
        if language.startswith("ja") or not self.description_en:
            return self.description_ja
        return self.description_en

    @property
    def is_taking_people(self) -> bool:
        return self.status in (Status.OPEN, Status.FULL)


class StatusChange(models.Model):
    """One status or head-count update, as it was made: who, when, before and after, a note.
    Rows are only ever added."""

    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, related_name="status_changes")
    changed_at = models.DateTimeField(_("日時"), db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("更新した職員"),
    )
    previous_status = models.CharField(_("更新前の状況"), max_length=10, choices=Status.choices)
    status = models.CharField(_("状況"), max_length=10, choices=Status.choices)
    previous_head_count = models.PositiveIntegerField(_("更新前の避難者数"))
    head_count = models.PositiveIntegerField(_("避難者数"))
    note = models.CharField(_("メモ"), max_length=500, blank=True)
    # The number was above capacity × 2 and the person confirmed it.
    confirmed_unusual = models.BooleanField(_("多い人数を確認済み"), default=False)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("避難所の状況の更新")
        verbose_name_plural = _("避難所の状況の更新")

    def __str__(self) -> str:
        return f"{self.shelter_id}:{self.previous_status}->{self.status}"
