"""Back-office forms: answers in every language, categories, report periods, inquiry handling."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

from . import services, services_inquiries
from .models import Category
from .validation import clean_single_line

LANGUAGE_CHOICES = settings.LANGUAGES
MAX_PERIOD_DAYS = 2 * 366


class LocalisedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return obj.display_name(get_language() or "ja")


class AnswerForm(forms.Form):
    category = LocalisedChoice(label=_("分類"), queryset=Category.objects.all())
    department = LocalisedChoice(label=_("所管課"), queryset=Department.objects.none())
    keywords = forms.CharField(
        label=_("検索用の読み仮名・言い換え"),
        required=False,
        strip=False,
        help_text=_(
            "漢字の読み（例: じゅうみんひょう）や、区民が使いそうな別の言い方を空白で区切って入力します。検索で見つかりやすくなります。"
        ),
    )
    sort_order = forms.IntegerField(label=_("表示順"), min_value=0, max_value=32767, initial=100)

    def __init__(self, *args, departments=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
        for code, name in LANGUAGE_CHOICES:
            required = code == settings.LANGUAGE_CODE
            self.fields[f"question_{code}"] = forms.CharField(
                label=_("質問（%(language)s）") % {"language": name},
                required=required,
                strip=False,
                max_length=services.QUESTION_MAX,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("回答（%(language)s）") % {"language": name},
                required=required,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"question_{code}", ""), data.get(f"body_{code}", ""))
            for code, _name in LANGUAGE_CHOICES
            if (data.get(f"question_{code}") or "").strip()
            or (data.get(f"body_{code}") or "").strip()
        }


class CategoryForm(forms.ModelForm):
    department = LocalisedChoice(label=_("問い合わせ先の所管課"), queryset=Department.objects.all())

    class Meta:
        model = Category
        fields = [
            "code",
            "name_ja",
            "name_en",
            "description_ja",
            "description_en",
            "department",
            "sort_order",
        ]
        help_texts = {
            "code": _("半角英小文字・数字・ハイフン（例: garbage）。ページのアドレスに使います。")
        }


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("開始日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("終了日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"] - timedelta(days=29)
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("開始日は終了日より前にしてください。"))
        if (data["end"] - data["start"]).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("期間は2年以内にしてください。"))
        return data

    def period(self) -> tuple:
        """The chosen period, or the last 30 days when the form is empty or wrong."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        end = timezone.localdate()
        return end - timedelta(days=29), end


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label=_("閲覧の目的"),
        max_length=services_inquiries.PURPOSE_MAX,
        initial=_("回答の作成"),
        help_text=_("監査ログに記録されます。例: 問い合わせ対応（受付番号）"),
    )

    def clean_purpose(self) -> str:
        return clean_single_line(
            self.cleaned_data["purpose"],
            label=str(_("閲覧の目的")),
            max_length=services_inquiries.PURPOSE_MAX,
            required=True,
        )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("回答"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("このまま区民にメールで送信されます。送信した回答は記録に残ります。"),
    )
    close = forms.BooleanField(label=_("送信後に対応を完了にする"), required=False)


class TransferForm(forms.Form):
    department = LocalisedChoice(label=_("回送先の所管課"), queryset=Department.objects.none())

    def __init__(self, *args, exclude=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        departments = Department.objects.all()
        if exclude is not None:
            departments = departments.exclude(pk=exclude.pk)
        self.fields["department"].queryset = departments
