"""Forms: the public filter (a plain GET form shared by the list, the GeoJSON and the API), the
registry form, and the phone-first status form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.geo import parse_coordinate
from kuyakusho.core.models import Department
from kuyakusho.core.text import strip_unstorable
from kuyakusho.facilities import selectors as facility_selectors

from . import headcount, selectors
from .attributes import BARRIER_FREE, HAZARDS, KINDS, Status, present
from .models import Shelter
from .services import NOTE_MAX_LENGTH

COORDINATE_WIDGET = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}


def filter_params(params: QueryDict) -> QueryDict:
    """The query without what no database stores (NUL): dropped rather than refused."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(strip_unstorable(key), [strip_unstorable(v) for v in values])
    return cleaned


class FlagInput(forms.CheckboxInput):
    """A checkbox whose query value may also be written 0/false/off/no (Django's own reads any
    non-empty text, "0" too, as checked): API and GeoJSON clients write open=0 and mean it."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in ("", "0", "false", "off", "no"):
            return False
        return super().value_from_datadict(data, files, name)


class FilterForm(forms.Form):
    """/shelters/?kind=&hazard=&open=1&access= — the same names in the GeoJSON and the API,
    documented in docs/architecture.md."""

    kind = forms.ChoiceField(
        label=_("種別"),
        required=False,
        choices=[("", _("すべての種別"))] + [(k.code, k.label) for k in KINDS],
    )
    hazard = forms.ChoiceField(
        label=_("災害の種類"),
        required=False,
        choices=[("", _("指定しない"))] + [(h.code, h.label) for h in HAZARDS],
        help_text=_("その災害のときに避難できる指定緊急避難場所を表示します。"),
    )
    open = forms.BooleanField(
        label=_("開設中・満員の避難所だけを表示する"), required=False, widget=FlagInput
    )
    access = forms.MultipleChoiceField(
        label=_("バリアフリー設備"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.code, a.label) for a in BARRIER_FREE],
        help_text=_("選んだ設備がすべてある避難所を表示します。"),
    )

    def filters(self) -> selectors.Filters:
        """The valid part of the filter: a wrong field is left out, not the whole search."""
        data = getattr(self, "cleaned_data", {})
        return selectors.Filters(
            kind=data.get("kind", ""),
            hazard=data.get("hazard", ""),
            open_only=bool(data.get("open")),
            accessibility=list(data.get("access") or []),
        )


class LocalisedDepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return obj.display_name(get_language() or "ja")


class FacilityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_ja}（{obj.address}）"


def _coordinate_field(label: Any) -> forms.CharField:
    # Text, not a number input: what was typed (全角 digits too) comes back as typed on an error.
    return forms.CharField(label=label, max_length=40, widget=forms.TextInput(COORDINATE_WIDGET))


class ShelterForm(forms.ModelForm):
    """The registry form (crisis management). The checklists are checkboxes; the services check
    the point against the ward and the designations against each other."""

    department = LocalisedDepartmentChoice(
        label=_("運営する所管課"), queryset=Department.objects.all()
    )
    facility = FacilityChoice(
        label=_("施設案内の施設"),
        required=False,
        queryset=facility_selectors.published().none(),
        empty_label=_("結び付けない"),
        help_text=_(
            "施設案内（/facilities/）に同じ建物があれば選びます。公開ページからリンクします。"
        ),
    )
    lat = _coordinate_field(_("緯度"))
    lon = _coordinate_field(_("経度"))
    kinds = forms.MultipleChoiceField(
        label=_("種別"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(k.code, k.label) for k in KINDS],
        help_text=_("1つの場所が複数の種別を兼ねるときは、すべて選びます。"),
        error_messages={"required": _("種別を1つ以上選んでください。")},
    )
    hazards = forms.MultipleChoiceField(
        label=_("指定緊急避難場所の対象とする災害"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(h.code, h.label) for h in HAZARDS],
    )
    accessibility = forms.MultipleChoiceField(
        label=_("バリアフリー設備"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.code, a.label) for a in BARRIER_FREE],
    )

    GROUPS = (
        (_("基本情報"), ("kinds", "department", "name_ja", "name_kana", "name_en", "facility")),
        (_("説明"), ("description_ja", "description_en")),
        (_("所在地"), ("address", "lat", "lon")),
        (_("収容と災害の種類"), ("capacity", "hazards")),
        (_("連絡先"), ("phone", "staff_contact")),
        (_("バリアフリー"), ("accessibility", "accessibility_note")),
        (_("有効・無効"), ("is_active",)),
    )

    class Meta:
        model = Shelter
        fields = [
            "department",
            "facility",
            "name_ja",
            "name_kana",
            "name_en",
            "description_ja",
            "description_en",
            "address",
            "lat",
            "lon",
            "capacity",
            "phone",
            "staff_contact",
            "accessibility_note",
            "is_active",
        ]
        widgets = {
            "description_ja": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "capacity": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        help_texts = {
            "name_kana": _("例: さんぷるだいいちしょうがっこう"),
            "lat": _("地図で場所を選ぶと入ります。区の区域の中の点にしてください。"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facility_selectors.published().order_by(
            "name_kana", "pk"
        )
        self.fields["lat"].help_text = self.Meta.help_texts["lat"]
        shelter = self.instance
        if shelter.pk and not self.is_bound:
            self.initial["kinds"] = [k.code for k in present(shelter, KINDS)]
            self.initial["hazards"] = [h.code for h in present(shelter, HAZARDS)]
            self.initial["accessibility"] = [a.code for a in present(shelter, BARRIER_FREE)]

    def clean_lat(self) -> float:
        return parse_coordinate(self.cleaned_data["lat"], kind="lat")

    def clean_lon(self) -> float:
        return parse_coordinate(self.cleaned_data["lon"], kind="lon")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The checklists are columns outside Meta.fields: set them before the model's own
        # validation runs on the instance.
        for name, attributes in (
            ("kinds", KINDS),
            ("hazards", HAZARDS),
            ("accessibility", BARRIER_FREE),
        ):
            chosen = set(data.get(name) or [])
            for attribute in attributes:
                setattr(self.instance, attribute.field, attribute.code in chosen)
        return data

    def grouped_fields(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[n] for n in names]) for legend, names in self.GROUPS]


class StatusForm(forms.Form):
    """The phone form: one of three big buttons (name="status"), the head count as typed and an
    optional note. `confirmed_count` carries the number the person confirmed when it was
    questioned: the confirmation holds for that exact number only."""

    status = forms.ChoiceField(choices=Status.choices)
    head_count = forms.CharField(
        label=_("避難者数（人）"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "head-count"}
        ),
        help_text=_(
            "いま避難所にいる人数。空欄のままなら今の人数のままです。閉鎖すると0人になります。"
        ),
    )
    note = forms.CharField(
        label=_("メモ（任意）"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("本部への連絡事項など。個人の名前は書かないでください。職員だけが見ます。"),
    )
    confirmed_count = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = _(
            "「開設」「満員」「閉鎖」のボタンのどれかを押してください。"
        )
        self.fields["status"].error_messages["invalid_choice"] = self.fields[
            "status"
        ].error_messages["required"]

    def clean_head_count(self) -> int | None:
        return headcount.parse(self.cleaned_data.get("head_count", ""))

    def is_confirmed(self) -> bool:
        """Whether the person confirmed exactly the number now submitted."""
        count = self.cleaned_data.get("head_count")
        try:
            confirmed = headcount.parse(self.cleaned_data.get("confirmed_count", ""))
        except ValidationError:
            return False
        return count is not None and confirmed == count
