"""Forms: the report form (staff and resident variants), the HQ's filter (a plain GET form shared
by the screen and the exports), and the HQ's review, response and contact forms. Forms parse and
display; the services validate (validation.py) and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.text import strip_unstorable

from . import selectors, services, validation
from .kinds import SEVERITY_DEFINITIONS, Kind, Lifeline, Response, Severity, Source, Status

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
COORDINATE_WIDGET = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
COUNT_WIDGET = {"inputmode": "numeric", "autocomplete": "off", "class": "count"}


def clean_params(params: QueryDict) -> QueryDict:
    """The query without what no database stores (NUL): dropped rather than refused."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(strip_unstorable(key), [strip_unstorable(v) for v in values])
    return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files from one input; what they are is checked by core.photos.process."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.gif"})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def severity_choices() -> list[tuple[str, Any]]:
    return [(s.value, f"{s.label} — {SEVERITY_DEFINITIONS[s]}") for s in Severity]


class ReportForm(forms.Form):
    """What every report holds. Numbers and coordinates are text fields, so what was typed
    (全角 digits too) comes back as typed on an error."""

    kind = forms.ChoiceField(
        label=_("被害の種類"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("被害の種類を選んでください。")},
    )
    lifeline = forms.ChoiceField(
        label=_("ライフラインの種類（「ライフライン」のとき）"),
        required=False,
        choices=[("", _("選ばない"))] + list(Lifeline.choices),
    )
    severity = forms.ChoiceField(
        label=_("被害の程度"),
        choices=severity_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("被害の程度を選んでください。")},
    )
    lat = forms.CharField(label=_("緯度"), max_length=40, widget=forms.TextInput(COORDINATE_WIDGET),
                          error_messages={"required": _("緯度を入力してください。")})  # fmt: skip
    lon = forms.CharField(label=_("経度"), max_length=40, widget=forms.TextInput(COORDINATE_WIDGET),
                          error_messages={"required": _("経度を入力してください。")})  # fmt: skip
    address = forms.CharField(
        label=_("住所・目印（任意）"),
        required=False,
        max_length=validation.ADDRESS_MAX,
        help_text=_("例: 豊玉北6丁目、○○交差点の北側"),
    )
    description = forms.CharField(
        label=_("被害の状況"),
        required=False,
        max_length=validation.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("見たこと・困っていること。個人の名前は書かないでください。"),
    )
    dead = forms.CharField(label=_("死者"), required=False, max_length=12, initial="0",
                           widget=forms.TextInput(COUNT_WIDGET))  # fmt: skip
    injured = forms.CharField(label=_("負傷者"), required=False, max_length=12, initial="0",
                              widget=forms.TextInput(COUNT_WIDGET))  # fmt: skip
    missing = forms.CharField(label=_("行方不明"), required=False, max_length=12, initial="0",
                              widget=forms.TextInput(COUNT_WIDGET))  # fmt: skip
    needs_rescue = forms.CharField(label=_("要救助"), required=False, max_length=12, initial="0",
                                   widget=forms.TextInput(COUNT_WIDGET))  # fmt: skip
    observed_at = forms.DateTimeField(
        label=_("発生・確認した日時"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("空欄なら送信した日時になります。"),
        error_messages={"invalid": _("日時は 2026-12-06T09:30 の形で入力してください。")},
    )
    photos = PhotosField(
        label=_("写真（任意、3枚まで）"),
        help_text=_("JPEG・PNG・WebP・GIF。位置情報などの撮影データは取り除いて保存します。"),
    )
    is_exercise = forms.BooleanField(label=_("訓練の報告です"), required=False)
    confirmed_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "observed_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def report_input(self, uploads: list[Any]) -> services.ReportInput:
        data = self.cleaned_data
        return services.ReportInput(
            kind=data.get("kind", ""),
            lifeline=data.get("lifeline", ""),
            severity=data.get("severity", ""),
            lat=data.get("lat", ""),
            lon=data.get("lon", ""),
            address=data.get("address", ""),
            description=data.get("description", ""),
            dead=data.get("dead") or "0",
            injured=data.get("injured") or "0",
            missing=data.get("missing") or "0",
            needs_rescue=data.get("needs_rescue") or "0",
            observed_at=data.get("observed_at"),
            is_exercise=bool(data.get("is_exercise")),
            photos=uploads,
            confirmed_key=data.get("confirmed_key", ""),
        )


class StaffReportForm(ReportForm):
    shelter = forms.TypedChoiceField(
        label=_("避難所から報告する（任意）"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("運営している避難所の職員として報告するときに選びます。"),
    )
    hearsay = forms.BooleanField(
        label=_("伝聞です（自分で見ていない）"),
        required=False,
        help_text=_("伝聞の報告は、本部が確認するまで「未確認」になります。"),
    )
    field_order = ["shelter"]

    def __init__(self, *args: Any, shelters: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["shelter"].choices = [("", _("避難所ではない"))] + [
            (s.pk, s.name_ja) for s in shelters
        ]

    def report_input(self, uploads: list[Any]) -> services.ReportInput:
        data = super().report_input(uploads)
        data.shelter_id = self.cleaned_data.get("shelter")
        data.hearsay = bool(self.cleaned_data.get("hearsay"))
        return data


class ResidentReportForm(ReportForm):
    name = forms.CharField(
        label=_("お名前（任意）"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("電話番号（任意）"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("メールアドレス（任意）"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("区の防災担当が内容を確かめるときにだけ使います。公開されません。"),
    )

    def report_input(self, uploads: list[Any]) -> services.ReportInput:
        data = super().report_input(uploads)
        data.contact_name = self.cleaned_data.get("name", "")
        data.contact_phone = self.cleaned_data.get("phone", "")
        data.contact_email = self.cleaned_data.get("email", "")
        return data


# Service error names → form field names (the rest appear above the form).
SERVICE_FIELDS = {"contact_name": "name", "contact_phone": "phone", "contact_email": "email"}


def add_report_errors(form: forms.Form, error: Any) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = SERVICE_FIELDS.get(name, name)
            for item in errors:
                for message in item.messages:
                    form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class FilterForm(forms.Form):
    kind = forms.MultipleChoiceField(label=_("種類"), required=False, choices=Kind.choices,
                                     widget=forms.CheckboxSelectMultiple)  # fmt: skip
    severity = forms.MultipleChoiceField(label=_("程度"), required=False,
                                         choices=Severity.choices,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    status = forms.MultipleChoiceField(label=_("確認状況"), required=False, choices=Status.choices,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    source = forms.MultipleChoiceField(label=_("報告元"), required=False, choices=Source.choices,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    area = forms.ChoiceField(label=_("地域"), required=False)
    since = forms.DateTimeField(
        label=_("発生日時（から）"), required=False, input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )  # fmt: skip
    until = forms.DateTimeField(
        label=_("発生日時（まで）"), required=False, input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )  # fmt: skip
    exercise = forms.ChoiceField(
        label=_("訓練・実災害"),
        required=False,
        choices=[("", _("両方")), ("real", _("実災害だけ")), ("exercise", _("訓練だけ"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = (
            [("", _("すべての地域"))]
            + selectors.area_choices()
            + [(selectors.NO_AREA, _("地域外・不明"))]
        )

    def filters(self) -> selectors.Filters:
        """The valid part of the filter: a wrong field is left out, not the whole search."""
        data = getattr(self, "cleaned_data", {})
        return selectors.Filters(
            kinds=list(data.get("kind") or []),
            severities=list(data.get("severity") or []),
            statuses=list(data.get("status") or []),
            sources=list(data.get("source") or []),
            area=data.get("area", ""),
            since=data.get("since"),
            until=data.get("until"),
            exercise=data.get("exercise", ""),
        )


class ReviewForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    duplicate_of = forms.CharField(
        label=_("元の報告の番号（重複のとき）"),
        required=False,
        max_length=20,
        help_text=_("例: D-000012 または 12"),
    )
    note = forms.CharField(
        label=_("メモ（任意）"),
        required=False,
        max_length=validation.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def original_id(self) -> int | None:
        text = (self.cleaned_data.get("duplicate_of") or "").strip().upper()
        text = text.removeprefix("D-").lstrip("0") or ("0" if text else "")
        return int(text) if text.isdigit() and len(text) <= 15 else None


class ResponseForm(forms.Form):
    response = forms.ChoiceField(label=_("対応状況"), choices=Response.choices)
    note = forms.CharField(
        label=_("メモ（任意）"),
        required=False,
        max_length=validation.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(forms.Form):
    purpose = forms.CharField(
        label=_("閲覧の目的"),
        max_length=services.PURPOSE_MAX,
        help_text=_("例: 被害の場所を電話で確かめるため。目的とともに監査ログに記録されます。"),
        error_messages={"required": _("閲覧の目的を入力してください。")},
    )


class ExportForm(forms.Form):
    """Extra choices of an export; the filter comes from the same query as the screen."""

    contacts = forms.BooleanField(required=False)
    purpose = forms.CharField(required=False, max_length=services.PURPOSE_MAX)
