"""Forms: the public filter (a plain GET form shared by the list, the GeoJSON and the API) and
the staff forms for facilities, facility types and landmarks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.geo import parse_coordinate, validate_point
from kuyakusho.core.models import Department
from kuyakusho.core.text import strip_unstorable

from . import selectors
from .attributes import BARRIER_FREE, FILTERABLE, HAZARDS, present
from .hours import DAYS, Range, by_day, format_day, parse_day
from .models import Facility, FacilityType, Landmark

WIFI_CHOICES = [
    ("", _("指定しない")),
    ("any", _("無料Wi-Fiがある")),
    ("ward", _("区の無料Wi-Fi")),
    ("carrier", _("通信事業者の無料Wi-Fi")),
]
SHELTER_CHOICES = [
    ("", _("指定しない")),
    ("shelter", _("指定避難所")),
    ("welfare_shelter", _("福祉避難所")),
    ("evacuation_site", _("指定緊急避難場所")),
]
COORDINATE_WIDGET = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}


def _coordinate_field(label: Any, required: bool) -> forms.CharField:
    # Text, not a number input: what was typed (全角 digits too) comes back as typed on an error.
    return forms.CharField(
        label=label, required=required, max_length=40, widget=forms.TextInput(COORDINATE_WIDGET)
    )


def clean_point(form: forms.Form, lat_text: str, lon_text: str) -> tuple[float, float] | None:
    """Both coordinates or neither; inside the ward. Errors go on the field they concern."""
    lat_text, lon_text = (lat_text or "").strip(), (lon_text or "").strip()
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        form.add_error("lat" if not lat_text else "lon", _("緯度と経度の両方を入力してください。"))
        return None
    try:
        lat = parse_coordinate(lat_text, kind="lat")
    except ValidationError as error:
        form.add_error("lat", error)
        return None
    try:
        lon = parse_coordinate(lon_text, kind="lon")
    except ValidationError as error:
        form.add_error("lon", error)
        return None
    try:
        return validate_point(lat, lon)
    except ValidationError as error:
        form.add_error("lat", error)
        return None


class LocalisedTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: FacilityType) -> str:
        return obj.display_name(get_language() or "ja")


def filter_params(params: QueryDict) -> QueryDict:
    """The filter's query parameters without what no database stores (NUL): dropped, not
    refused, as in every other search box (Django's refusal reads as "type something" in
    Japanese), and never shown back in the form."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(strip_unstorable(key), [strip_unstorable(v) for v in values])
    return cleaned


class FilterForm(forms.Form):
    """/facilities/?q=&type=&town=&attr=&wifi=&shelter=&landmark=&lat=&lon= — the same names in
    the GeoJSON and the API, documented in docs/architecture.md."""

    q = forms.CharField(
        label=_("キーワード"),
        required=False,
        max_length=200,
        help_text=_("施設の名前、よみがな、住所など。言葉の一部でも探せます。"),
    )
    type = forms.ChoiceField(label=_("種類"), required=False)
    town = forms.ChoiceField(label=_("地域（町名）"), required=False)
    attr = forms.MultipleChoiceField(
        label=_("設備"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.code, a.label) for a in FILTERABLE],
        help_text=_("選んだ設備がすべてある施設を表示します。"),
    )
    wifi = forms.ChoiceField(
        label=_("無料Wi-Fi"), required=False, choices=WIFI_CHOICES, widget=forms.RadioSelect
    )
    shelter = forms.ChoiceField(
        label=_("避難所・避難場所"), required=False, choices=SHELTER_CHOICES
    )
    landmark = forms.ChoiceField(label=_("目印"), required=False)
    lat = _coordinate_field(_("緯度"), required=False)
    lon = _coordinate_field(_("経度"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "ja"
        self.types = {t.code: t for t in FacilityType.objects.all()}
        self.fields["type"].choices = [("", _("すべての種類"))] + [
            (code, t.display_name(language)) for code, t in self.types.items()
        ]
        self.fields["town"].choices = [("", _("すべての地域"))] + [
            (town, town) for town in selectors.towns()
        ]
        self.landmarks = {str(m.pk): m for m in selectors.landmarks()}
        self.fields["landmark"].choices = [("", _("選ばない"))] + [
            (pk, m.display_name(language)) for pk, m in self.landmarks.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        point = None
        if not self.has_error("lat") and not self.has_error("lon"):
            point = clean_point(self, data.get("lat", ""), data.get("lon", ""))
        landmark = self.landmarks.get(data.get("landmark") or "")
        data["origin_landmark"] = None  # set when the distances are measured from a landmark
        if point is None and landmark is not None and not self.has_error("lat"):
            point = (landmark.lat, landmark.lon)
            data["origin_landmark"] = landmark
        data["point"] = point
        return data

    def filters(self) -> selectors.Filters:
        """The valid part of the filter: a wrong field is left out, not the whole search."""
        data = getattr(self, "cleaned_data", {})
        return selectors.Filters(
            q=data.get("q", ""),
            type=self.types.get(data.get("type") or ""),
            town=data.get("town", ""),
            attributes=list(data.get("attr") or []),
            wifi=data.get("wifi", ""),
            shelter=data.get("shelter", ""),
            point=data.get("point"),
        )


class LocalisedDepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return obj.display_name(get_language() or "ja")


class FacilityForm(forms.ModelForm):
    """Staff form: every field of a facility, the checklists as checkboxes and the hours as one
    line of text per day, so that a wrong entry comes back exactly as typed."""

    type = LocalisedTypeChoice(label=_("種類"), queryset=FacilityType.objects.all())
    department = LocalisedDepartmentChoice(label=_("所管課"), queryset=Department.objects.none())
    lat = _coordinate_field(_("緯度"), required=True)
    lon = _coordinate_field(_("経度"), required=True)
    url = forms.URLField(label=_("ウェブサイト"), required=False, assume_scheme="https")
    barrier_free = forms.MultipleChoiceField(
        label=_("バリアフリー設備"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.code, a.label) for a in BARRIER_FREE],
    )
    hazards = forms.MultipleChoiceField(
        label=_("指定緊急避難場所の対象とする災害"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(h.code, h.label) for h in HAZARDS],
    )

    GROUPS = (
        (_("基本情報"), ("type", "department", "name_ja", "name_kana", "name_en")),
        (_("説明"), ("description_ja", "description_en")),
        (_("所在地"), ("postal_code", "address", "address_note", "town", "lat", "lon")),
        (
            _("連絡先と運営"),
            ("phone", "phone_extension", "fax", "url", "operator_name", "corporate_number"),
        ),
        (
            _("開館時間"),
            (*(f"hours_{day}" for day, _name in DAYS), "hours_note_ja", "hours_note_en"),
        ),
        (_("無料Wi-Fi"), ("wifi", "wifi_ssid", "wifi_provider", "wifi_area")),
        (_("バリアフリー"), ("barrier_free", "barrier_free_note")),
        (_("AED"), ("has_aed", "aed_location", "aed_pediatric")),
        (
            _("避難所・避難場所"),
            (
                "is_designated_shelter",
                "is_welfare_shelter",
                "is_evacuation_site",
                "hazards",
                "shelter_capacity",
            ),
        ),
        (_("定員と公開"), ("capacity", "is_published")),
    )

    class Meta:
        model = Facility
        fields = [
            "type",
            "department",
            "name_ja",
            "name_kana",
            "name_en",
            "description_ja",
            "description_en",
            "postal_code",
            "address",
            "address_note",
            "town",
            "lat",
            "lon",
            "phone",
            "phone_extension",
            "fax",
            "url",
            "operator_name",
            "corporate_number",
            "capacity",
            "hours_note_ja",
            "hours_note_en",
            "wifi",
            "wifi_ssid",
            "wifi_provider",
            "wifi_area",
            "barrier_free_note",
            "has_aed",
            "aed_location",
            "aed_pediatric",
            "is_designated_shelter",
            "is_welfare_shelter",
            "is_evacuation_site",
            "shelter_capacity",
            "is_published",
        ]
        widgets = {
            "description_ja": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "wifi": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "fax": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "name_kana": _("例: ねりまくみんかん"),
            "postal_code": _("例: 176-8501"),
            "lat": _("地図で場所を選ぶと入ります。区の区域の中の点にしてください。"),
            "corporate_number": _("13桁。運営者が法人の場合に入力します。"),
            "hours_note_ja": _("例: 第3月曜日と年末年始（12月29日〜1月3日）は休館。"),
            "is_published": _("公開すると、施設の一覧・地図・サイト内検索・APIに表示されます。"),
        }

    def __init__(
        self, *args: Any, departments: list[Department] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        queryset = Department.objects.all()
        if departments is not None:
            queryset = queryset.filter(pk__in=[d.pk for d in departments])
        self.fields["department"].queryset = queryset
        if self.instance.pk is None and len(queryset) == 1:
            self.initial.setdefault("department", queryset[0])  # the one choice there is
        self.fields["lat"].help_text = self.Meta.help_texts["lat"]
        for day, name in DAYS:
            self.fields[f"hours_{day}"] = forms.CharField(
                label=name, required=False, max_length=100
            )
        facility = self.instance
        if facility.pk and not self.is_bound:
            self.initial["barrier_free"] = [a.code for a in present(facility, BARRIER_FREE)]
            self.initial["hazards"] = [h.code for h in present(facility, HAZARDS)]
            for day, ranges in by_day(facility.hours.all()).items():
                self.initial[f"hours_{day}"] = format_day(ranges)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.week: dict[int, list[Range]] = {}
        for day, _name in DAYS:
            try:
                self.week[day] = parse_day(data.get(f"hours_{day}", ""))
            except ValidationError as error:
                self.add_error(f"hours_{day}", error)
        if not self.has_error("lat") and not self.has_error("lon"):
            point = clean_point(self, self.data.get("lat", ""), self.data.get("lon", ""))
            if point is not None:
                data["lat"], data["lon"] = point
        # The checklists are columns outside Meta.fields: set them here, before the model's
        # own validation runs on the instance.
        chosen = set(data.get("barrier_free") or [])
        for attribute in BARRIER_FREE:
            setattr(self.instance, attribute.field, attribute.code in chosen)
        hazards = set(data.get("hazards") or [])
        for hazard in HAZARDS:
            setattr(self.instance, hazard.field, hazard.code in hazards)
        return data

    HOURS_HINT = _(
        "曜日ごとに 9:00-17:00 のように入力します。昼休みがある日は 9:00-12:00, 13:00-17:00 "
        "のように区切ります。休みの日は空欄にします。"
    )

    def grouped_fields(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """(legend, hint, fields) for each fieldset of the staff form."""
        return [
            (legend, self.HOURS_HINT if "hours_0" in names else "", [self[n] for n in names])
            for legend, names in self.GROUPS
        ]


class FacilityTypeForm(forms.ModelForm):
    class Meta:
        model = FacilityType
        fields = [
            "code",
            "name_ja",
            "name_en",
            "sort_order",
            "is_public_facility",
            "is_childcare_facility",
            "poi_code",
        ]
        help_texts = {
            "code": _("半角英小文字・数字・ハイフン（例: library）。URLとAPIで使います。")
        }


class LandmarkForm(forms.ModelForm):
    lat = _coordinate_field(_("緯度"), required=True)
    lon = _coordinate_field(_("経度"), required=True)

    class Meta:
        model = Landmark
        fields = ["name_ja", "name_en", "lat", "lon", "sort_order"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.has_error("lat") and not self.has_error("lon"):
            point = clean_point(self, self.data.get("lat", ""), self.data.get("lon", ""))
            if point is not None:
                data["lat"], data["lon"] = point
        return data
