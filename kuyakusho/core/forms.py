from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import WardProfile
from .uploads import LimitedImageField


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal beside the field it names, or above the form when it names
    none the form has: services validate, forms only display (thin views)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def refuse_invalid_filters(form: forms.Form) -> None:
    """For JSON APIs that reuse a page's filter form: 422 naming every field that is wrong."""
    from ninja.errors import HttpError

    if not form.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
        raise HttpError(422, " / ".join(problems))


class WardProfileForm(forms.ModelForm):
    emblem = LimitedImageField(label=_("区章"), required=False)
    website = forms.URLField(label=_("公式サイト"), required=False, assume_scheme="https")
    enabled_languages = forms.MultipleChoiceField(
        label=_("使用する言語"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WardProfile
        fields = [
            "municipality_code",
            "name_ja",
            "name_en",
            "name_kana",
            "centre_lat",
            "centre_lon",
            "bounds_south",
            "bounds_west",
            "bounds_north",
            "bounds_east",
            "enabled_languages",
            "postal_code",
            "address",
            "phone",
            "email",
            "website",
            "emblem",
        ]
        help_texts = {"municipality_code": _("検査数字を含む6桁（例: 練馬区 131202）")}

    def clean_enabled_languages(self) -> list[str]:
        languages = self.cleaned_data["enabled_languages"]
        if "ja" not in languages:
            raise forms.ValidationError(_("日本語は必ず使用します。"))
        return languages


class AuditSearchForm(forms.Form):
    verb = forms.CharField(label=_("操作（前方一致）"), required=False, max_length=100)
    actor_id = forms.IntegerField(label=_("操作した利用者の番号"), required=False, min_value=1)
    target_type = forms.CharField(label=_("対象の種類"), required=False, max_length=100)
    target_id = forms.CharField(label=_("対象の番号"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("開始日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("終了日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("開始日は終了日より前にしてください。"))
        return data
