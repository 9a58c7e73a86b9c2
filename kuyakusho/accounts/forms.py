from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ResidentProfile, TextSize


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ResidentProfile
        fields = [
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "postal_code",
            "address",
            "phone",
            "birth_date",
            "sex",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "postal_code": _("例: 176-8501"),
            "birth_date": _("例: 1950-04-01"),
        }

    def clean_postal_code(self) -> str:
        value = unicodedata.normalize("NFKC", self.cleaned_data["postal_code"]).strip()
        digits = "".join(c for c in value if c not in "-ー−‐")
        if value and not (digits.isascii() and digits.isdigit() and len(digits) == 7):
            raise forms.ValidationError(
                _("郵便番号は7桁の数字で入力してください（例: 176-8501）。")
            )
        return f"{digits[:3]}-{digits[3:]}" if value else ""

    def clean_family_name_kana(self) -> str:
        return _check_kana(self.cleaned_data["family_name_kana"])

    def clean_given_name_kana(self) -> str:
        return _check_kana(self.cleaned_data["given_name_kana"])


def _check_kana(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).strip()
    allowed = all(
        "\u3041" <= c <= "\u309f" or "\u30a0" <= c <= "\u30ff" or c in " 　" for c in value
    )
    if value and not allowed:
        raise forms.ValidationError(_("ふりがなは、ひらがなまたはカタカナで入力してください。"))
    return value


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("表示言語"), choices=settings.LANGUAGES)
    text_size = forms.ChoiceField(
        label=_("文字の大きさ"), choices=TextSize.choices, widget=forms.RadioSelect
    )
    furigana = forms.BooleanField(label=_("漢字にふりがなを表示する"), required=False)


class ResidentLookupForm(forms.Form):
    email = forms.EmailField(label=_("区民のメールアドレス"))
    purpose = forms.CharField(
        label=_("閲覧の目的"),
        max_length=200,
        help_text=_("監査ログに記録されます。例: 問い合わせ対応（受付番号）"),
    )


class ChildForm(forms.Form):
    """One child on マイページ. The date rules live in services.check_child_birth_date."""

    birth_date = forms.DateField(
        label=_("お子さんの生年月日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("例: 2023-04-01"),
    )
    label = forms.CharField(
        label=_("呼び名（任意）"),
        max_length=20,
        required=False,
        help_text=_("例: 第1子、上の子。お子さんのお名前を入力する必要はありません。"),
    )
