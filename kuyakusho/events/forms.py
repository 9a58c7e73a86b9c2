from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.geo import parse_coordinate

from . import selectors
from .models import Category, EventArea
from .selectors import EventFilters
from .services_groups import GroupInput
from .validation import MAX_CAPACITY, EventInput

FEE_CHOICES = [("", _("指定しない")), ("free", _("無料")), ("paid", _("有料"))]
DATE_WIDGET = {"type": "date"}
MAX_FILTER_DAYS = 3660


class Localised(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name(get_language() or "ja")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventFilterForm(forms.Form):
    """The filters of the list, the calendar and /events.ics (GET). Area and category are
    given by code, so filter links read well and survive database moves."""

    date_from = forms.DateField(label=_("この日から"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("この日まで"), required=False, widget=_date_input())
    category = forms.ChoiceField(label=_("分野"), required=False)
    area = forms.ChoiceField(label=_("地域"), required=False)
    fee = forms.ChoiceField(label=_("参加費"), required=False, choices=FEE_CHOICES)

    def __init__(self, *args: Any, dates: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "ja"
        self.categories = {c.code: c for c in selectors.active_categories()}
        self.areas = {a.code: a for a in selectors.areas()}
        self.fields["category"].choices = [("", _("すべて"))] + [
            (code, c.display_name(language)) for code, c in self.categories.items()
        ]
        self.fields["area"].choices = [("", _("すべて"))] + [
            (code, a.display_name(language)) for code, a in self.areas.items()
        ]
        if not dates:  # the month calendar chooses its dates by month
            del self.fields["date_from"], self.fields["date_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("終わりの日は、始まりの日と同じか後にしてください。"))
            elif (end - start).days > MAX_FILTER_DAYS:
                self.add_error("date_to", _("期間は10年以内にしてください。"))
        return data

    def filters(self) -> EventFilters:
        """The valid filters (an invalid field is left out and reported by the form)."""
        data = self.cleaned_data if self.is_bound else {}
        return EventFilters(
            date_from=data.get("date_from") if "date_from" not in self.errors else None,
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            area=self.areas.get(data.get("area") or ""),
            category=self.categories.get(data.get("category") or ""),
            fee=data.get("fee") or "",
        )


def parse_month(value: str | None, today: date) -> tuple[int, int, bool]:
    """(year, month, valid) from "YYYY-MM"; this month when empty or not a month."""
    if not value:
        return today.year, today.month, True
    try:
        year_text, month_text = value.split("-")
        year, month = int(year_text), int(month_text)
        if not (1900 <= year <= 2999 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        return today.year, today.month, False
    return year, month, True


class CoordinateField(forms.CharField):
    def __init__(self, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(required=False, max_length=30, **kwargs)

    def clean(self, value: Any) -> float | None:
        text = super().clean(value)
        if not text:
            return None
        return parse_coordinate(text, kind=self.kind)


class EventForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=120)
    category = Localised(label=_("分野"), queryset=Category.objects.none())
    description = forms.CharField(
        label=_("内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "文字だけが表示されます（HTML は使えません）。http:// や https:// で始まるアドレスはリンクになります。"
        ),
    )
    start_date = forms.DateField(label=_("開始日"), widget=_date_input())
    end_date = forms.DateField(
        label=_("終了日"),
        required=False,
        widget=_date_input(),
        help_text=_("1日だけの催しは空欄のままにしてください。"),
    )
    all_day = forms.BooleanField(label=_("終日（時刻を決めない）"), required=False)
    start_time = forms.TimeField(label=_("開始時刻"), required=False, widget=_time_input())
    end_time = forms.TimeField(label=_("終了時刻"), required=False, widget=_time_input())
    venue = forms.CharField(label=_("会場"), max_length=200)
    venue_address = forms.CharField(label=_("会場の所在地"), max_length=200, required=False)
    lat = CoordinateField(
        "lat",
        label=_("会場の緯度（任意）"),
        help_text=_("例: 35.7356。地図に表示する場合だけ入力してください。"),
    )
    lon = CoordinateField("lon", label=_("会場の経度（任意）"), help_text=_("例: 139.6516"))
    area = Localised(label=_("地域"), queryset=EventArea.objects.none(), required=False)
    is_free = forms.TypedChoiceField(
        label=_("参加費"),
        choices=[("1", _("無料")), ("0", _("有料"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    fee = forms.CharField(
        label=_("参加費の金額・内訳"),
        max_length=200,
        required=False,
        help_text=_("有料の場合に入力してください（例: 500円（材料費））。"),
    )
    signup_required = forms.BooleanField(label=_("事前の申込が必要"), required=False)
    capacity = forms.IntegerField(
        label=_("定員（任意）"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("申込が必要な催しで定員を超えると、キャンセル待ちになります。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.active_categories()
        self.fields["area"].queryset = selectors.areas()

    def to_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            title=data["title"],
            description=data["description"],
            category=data["category"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            all_day=bool(data.get("all_day")),
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            venue=data["venue"],
            venue_address=data.get("venue_address") or "",
            lat=data.get("lat"),
            lon=data.get("lon"),
            area=data.get("area"),
            is_free=bool(data["is_free"]),
            fee=data.get("fee") or "",
            capacity=data.get("capacity"),
            signup_required=bool(data.get("signup_required")),
        )


def event_initial(event: Any) -> dict[str, Any]:
    fields = [
        "title", "category", "description", "start_date", "all_day", "start_time", "end_time",
        "venue", "venue_address", "lat", "lon", "area", "fee", "signup_required", "capacity",
    ]  # fmt: skip
    initial = {name: getattr(event, name) for name in fields}
    initial["end_date"] = event.end_date if event.is_multi_day else None
    initial["is_free"] = "1" if event.is_free else "0"
    return initial


class DepartmentEventForm(EventForm):
    department = Localised(label=_("主催する所管課"), queryset=None, empty_label=None)
    field_order = ["department"]

    def __init__(self, *args: Any, departments: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kuyakusho.core.models import Department

        self.fields["department"].queryset = Department.objects.filter(
            pk__in=[d.pk for d in departments]
        )


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("お名前"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("主催者が受付で確認します。"),
    )
    phone = forms.CharField(
        label=_("電話番号（任意）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("急な変更を主催者が連絡するときに使います。"),
    )
    note = forms.CharField(
        label=_("主催者への連絡事項（任意）"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例: 車いすで参加します。"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("差し戻しの理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("団体の方に表示され、メールでも届きます。"),
        error_messages={"required": _("理由を入力してください。団体の方に表示されます。")},
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("団体名"), max_length=100)
    name_kana = forms.CharField(label=_("団体名のよみがな（任意）"), max_length=100, required=False)
    category = Localised(label=_("活動の分野"), queryset=Category.objects.none())
    description = forms.CharField(
        label=_("団体の紹介"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "活動の内容、会員の募集などを書いてください。文字だけが表示されます（HTML は使えません）。"
        ),
    )
    activity_area = Localised(
        label=_("主な活動地域（任意）"), queryset=EventArea.objects.none(), required=False
    )
    activity_place = forms.CharField(
        label=_("活動場所・活動日（任意）"),
        max_length=200,
        required=False,
        help_text=_("例: 毎月第2土曜日、区民館で活動しています。"),
    )
    website = forms.URLField(
        label=_("ウェブサイト（任意）"), max_length=300, required=False, assume_scheme="https"
    )
    contact_name = forms.CharField(label=_("連絡先の担当者名"), max_length=60)
    contact_email = forms.EmailField(label=_("連絡先メールアドレス"))
    contact_phone = forms.CharField(
        label=_("連絡先電話番号（任意）"), max_length=20, required=False
    )
    contact_public = forms.BooleanField(
        label=_("連絡先を団体のページに公開する"),
        required=False,
        help_text=_("選ばない場合、連絡先は区の担当課だけが見ます。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.active_categories()
        self.fields["activity_area"].queryset = selectors.areas()

    def clean_website(self) -> str:
        value = self.cleaned_data.get("website") or ""
        from .text import safe_link_target

        if value and safe_link_target(value) is None:
            raise ValidationError(_("http:// か https:// で始まるアドレスを入力してください。"))
        return value

    def to_input(self) -> GroupInput:
        data = self.cleaned_data
        return GroupInput(
            name=data["name"],
            name_kana=data.get("name_kana") or "",
            description=data["description"],
            category=data["category"],
            activity_area=data.get("activity_area"),
            activity_place=data.get("activity_place") or "",
            website=data.get("website") or "",
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data.get("contact_phone") or "",
            contact_public=bool(data.get("contact_public")),
        )


def group_initial(group: Any) -> dict[str, Any]:
    names = [
        "name", "name_kana", "category", "description", "activity_area", "activity_place",
        "website", "contact_name", "contact_email", "contact_phone", "contact_public",
    ]  # fmt: skip
    return {name: getattr(group, name) for name in names}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name_ja", "name_en", "department", "is_active", "sort_order"]
        help_texts = {
            "code": _("半角英小文字・数字・ハイフン（例: culture）。絞り込みのアドレスに使います。")
        }


class AreaForm(forms.ModelForm):
    class Meta:
        model = EventArea
        fields = ["code", "name_ja", "name_en", "sort_order"]
        help_texts = {"code": _("半角英小文字・数字・ハイフン（例: area-1）。")}
