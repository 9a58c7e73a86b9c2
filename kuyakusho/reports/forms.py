"""Forms parse and display; the services validate and decide. The report form grows one field
per extra question of the chosen category; coordinates and numbers are text fields, so what
was typed comes back as typed after an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kuyakusho.core import photos

from . import services
from .states import Datatype, Priority, State

COORDINATE_WIDGET = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three files from one input; what they are is checked by core.photos."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.gif,image/*"}),
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def attribute_field(attribute: Any, language: str) -> forms.Field:
    label = attribute.label(language)
    if not attribute.required:
        label = _("%(label)s（任意）") % {"label": label}
    choices = [(c["key"], attribute.choice_label(c["key"], language)) for c in attribute.choices]
    if attribute.datatype == Datatype.SINGLE:
        return forms.ChoiceField(label=label, required=False, choices=choices,
                                 widget=forms.RadioSelect)  # fmt: skip
    if attribute.datatype == Datatype.MULTI:
        return forms.MultipleChoiceField(label=label, required=False, choices=choices,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    if attribute.datatype == Datatype.TEXT:
        return forms.CharField(label=label, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    attrs = {"inputmode": "decimal"} if attribute.datatype == Datatype.NUMBER else {}
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs))


class ReportForm(forms.Form):
    """`signed_in`: the e-mail address is the account's, and no confirmation is needed."""

    lat = forms.CharField(label=_("緯度"), required=False, max_length=40,
                          widget=forms.TextInput(COORDINATE_WIDGET))  # fmt: skip
    lon = forms.CharField(label=_("経度"), required=False, max_length=40,
                          widget=forms.TextInput(COORDINATE_WIDGET))  # fmt: skip
    address = forms.CharField(
        label=_("住所・目印（任意）"),
        required=False,
        help_text=_("例: 豊玉北6丁目12番の交差点、○○公園の北側の入口"),
    )
    description = forms.CharField(
        label=_("内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("どこで、何が、どうなっているか（4,000文字まで）。"),
    )
    photos = PhotosField(
        label=_("写真（任意、3枚まで）"),
        help_text=_(
            "人の顔や車のナンバープレート、表札が写らないようにしてください。"
            "写真の位置情報などの撮影データは取り除いて保存します。"
        ),
    )
    name = forms.CharField(label=_("お名前（任意）"), required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))  # fmt: skip
    show_name = forms.BooleanField(
        label=_("名前をレポートに表示する"),
        required=False,
        help_text=_("表示しないときは「区民の方」と表示されます。"),
    )
    email = forms.CharField(
        label=_("メールアドレス"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "確認のメールを送ります。リンクを開くまでレポートは公開されません。公開されることはありません。"
        ),
    )
    phone = forms.CharField(
        label=_("電話番号（任意）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("担当課が場所を確かめるときにだけ使います。公開されません。"),
    )
    nearby_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, category: Any, language: str, signed_in: bool,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.category = category
        self.attributes = list(category.attributes.all())
        for attribute in self.attributes:
            self.fields[f"attribute_{attribute.code}"] = attribute_field(attribute, language)
        order = [f"attribute_{a.code}" for a in self.attributes]
        self.order_fields(order + [name for name in self.fields if name not in order])
        if signed_in:
            del self.fields["email"]

    def attribute_fields(self) -> list[Any]:
        return [self[f"attribute_{a.code}"] for a in self.attributes]

    def report_input(self, uploads: list[Any], language: str) -> services.ReportInput:
        data = self.cleaned_data
        return services.ReportInput(
            category=self.category.code,
            lat=data.get("lat", ""),
            lon=data.get("lon", ""),
            address=data.get("address", ""),
            description=data.get("description", ""),
            answers={a.code: data.get(f"attribute_{a.code}") for a in self.attributes},
            photos=uploads,
            show_name=bool(data.get("show_name")),
            name=data.get("name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            language=language,
        )


# Service error names → form field names (the rest appear above the form).
def add_report_errors(form: forms.Form, error: Any) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = {"position": "lat", "category": None}.get(name, name)
            for item in errors:
                for message in item.messages:
                    form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class FollowForm(forms.Form):
    email = forms.CharField(
        label=_("メールアドレス"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("確認のメールのリンクを開くと、更新をお知らせします。"),
    )


class PublicFilterForm(forms.Form):
    category = forms.MultipleChoiceField(label=_("種類"), required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    state = forms.MultipleChoiceField(label=_("状態"), required=False,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: list[Any], labels: dict[str, str], language: str,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.display_name(language)) for c in categories]
        self.fields["state"].choices = [(s.value, labels[s.value]) for s in State]

    def bbox_value(self) -> tuple[float, float, float, float] | None:
        return parse_bbox(
            self.cleaned_data.get("bbox", "") if hasattr(self, "cleaned_data") else ""
        )


def parse_bbox(text: str) -> tuple[float, float, float, float] | None:
    """ "west,south,east,north" in degrees, or None; ValueError when it is not four numbers in
    range with west < east and south < north."""
    text = str(text or "").strip()
    if not text:
        return None
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError(text)
    west, south, east, north = parts
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(text)
    return west, south, east, north


# --- staff ---------------------------------------------------------------------------------
class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("状態"),
                              choices=[(s.value, s.label) for s in State
                                       if s not in (State.NOT_WARD, State.DUPLICATE)])  # fmt: skip
    text = forms.CharField(label=_("区からの回答（公開）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("レポートのページに表示し、フォローしている人に送ります。"))  # fmt: skip


class NoteForm(forms.Form):
    text = forms.CharField(label=_("内部メモ（公開されません）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ForwardForm(forms.Form):
    manager = forms.CharField(label=_("連絡した管理者"), required=False,
                              help_text=_("例: 東京都第四建設事務所（都道）、東京国道事務所（国道）"))  # fmt: skip
    text = forms.CharField(label=_("区からの回答（公開、任意）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class MergeForm(forms.Form):
    original = forms.CharField(label=_("元のレポートの番号"), required=False,
                               help_text=_("例: R-000012 または 12"))  # fmt: skip
    text = forms.CharField(label=_("区からの回答（公開、任意）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def original_id(self) -> int | None:
        text = (self.cleaned_data.get("original") or "").strip().upper().removeprefix("R-")
        text = text.lstrip("0")
        return int(text) if text.isdigit() and len(text) <= 15 else None


class WorkForm(forms.Form):
    """Assignment, priority and due date in one small form."""

    assignee = forms.TypedChoiceField(label=_("担当者"), required=False, coerce=int,
                                      empty_value=None)  # fmt: skip
    priority = forms.ChoiceField(label=_("優先度"), choices=Priority.choices)
    due_date = forms.DateField(label=_("対応期限"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("日付は 2026-12-31 の形で入力してください。")})  # fmt: skip

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("未定"))] + [(p.pk, p.email) for p in people]


class CategoryChangeForm(forms.Form):
    category = forms.ChoiceField(label=_("種類（担当課が変わります）"))

    def __init__(self, *args: Any, categories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.code, f"{c.name_ja}（{c.department.name_ja}）") for c in categories
        ]


class StaffPhotosForm(forms.Form):
    photos = PhotosField(label=_("写真（3枚まで）"))
    public = forms.BooleanField(label=_("公開する"), required=False,
                                help_text=_("人の顔や車のナンバーが写っていないことを確かめてください。"))  # fmt: skip


class ContactForm(forms.Form):
    purpose = forms.CharField(
        label=_("閲覧の目的"),
        help_text=_("例: 場所を電話で確かめるため。目的とともに監査ログに記録されます。"),
        error_messages={"required": _("閲覧の目的を入力してください。")},
    )


class TemplateForm(forms.Form):
    state = forms.ChoiceField(label=_("状態"), choices=State.choices)
    title = forms.CharField(label=_("名前"), required=False)
    text = forms.CharField(
        label=_("回答文"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApiKeyForm(forms.Form):
    integrator = forms.CharField(label=_("連携先の名前"), required=False)
    contact = forms.CharField(label=_("連携先の連絡先（任意）"), required=False)


MAX_PHOTOS = photos.MAX_PHOTOS
