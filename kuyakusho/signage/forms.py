"""Staff forms: a screen, and the manual override."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department
from kuyakusho.portal.selectors import notice_categories

from .models import MAX_EVENT_DAYS, MAX_SECONDS, MIN_SECONDS, Screen, Severity


class LocalisedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name(get_language() or "ja")


class LocalisedMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name(get_language() or "ja")


class ScreenForm(forms.ModelForm):
    department = LocalisedChoice(label=_("所管課"), queryset=Department.objects.none())
    notice_categories = LocalisedMultipleChoice(
        label=_("表示するお知らせの分類"),
        queryset=notice_categories(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("選んだ分類のお知らせを新しい順に表示します。選ばないとお知らせは出ません。"),
    )
    seconds_per_slide = forms.IntegerField(
        label=_("1枚の表示秒数"),
        min_value=MIN_SECONDS,
        max_value=MAX_SECONDS,
        help_text=_("5～120秒。"),
        error_messages={
            "required": _("1枚の表示秒数を入力してください。"),
            "invalid": _("表示秒数は数字で入力してください（5～120）。"),
            "min_value": _("表示秒数は5秒以上にしてください。短すぎると読み切れません。"),
            "max_value": _("表示秒数は120秒以下にしてください。"),
        },
    )
    event_days = forms.IntegerField(
        label=_("何日先までのイベントを表示するか"),
        min_value=1,
        max_value=MAX_EVENT_DAYS,
        help_text=_("1～60日。今日から数えます。"),
        error_messages={
            "required": _("日数を入力してください。"),
            "invalid": _("日数は数字で入力してください（1～60）。"),
            "min_value": _("日数は1日以上にしてください。"),
            "max_value": _("日数は60日以下にしてください。"),
        },
    )

    class Meta:
        model = Screen
        fields = [
            "name",
            "slug",
            "location",
            "language",
            "department",
            "notice_categories",
            "show_events",
            "event_days",
            "message",
            "seconds_per_slide",
            "is_active",
        ]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3, "maxlength": 200}),
            "slug": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }
        error_messages = {
            "name": {"required": _("画面の名前を入力してください。")},
            "location": {"required": _("設置場所を入力してください。")},
            "language": {"invalid_choice": _("表示する言語を一覧から選んでください。")},
            "slug": {
                "required": _("識別名を入力してください。"),
                "invalid": _("識別名は半角の英小文字・数字・ハイフンで入力してください。"),
                "unique": _("この識別名はほかの画面で使われています。別の識別名にしてください。"),
            },
        }

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            pk__in=[d.pk for d in departments]
        )
        if len(departments) == 1 and not self.instance.pk:
            self.fields["department"].initial = departments[0].pk


DURATIONS = [
    (30, _("30分")),
    (60, _("1時間")),
    (180, _("3時間")),
    (360, _("6時間")),
    (720, _("12時間")),
    (1440, _("24時間")),
    (4320, _("3日")),
]


class OverrideForm(forms.Form):
    """The manual alert: everything a screen shows during it, and how long it lasts."""

    title = forms.CharField(
        label=_("見出し"),
        max_length=60,
        help_text=_("60文字まで。遠くから読める短い言葉にします。"),
        error_messages={
            "required": _("見出しを入力してください。"),
            "max_length": _("見出しは60文字以内にしてください。遠くから読める長さにします。"),
        },
    )
    body = forms.CharField(
        label=_("本文"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("300文字まで。どうすればよいかを短く書きます。"),
        error_messages={"max_length": _("本文は300文字以内にしてください。")},
    )
    severity = forms.ChoiceField(
        label=_("緊急度"),
        choices=Severity.choices,
        initial=Severity.EMERGENCY,
        widget=forms.RadioSelect,
        help_text=_("緊急は赤、注意は黄色で表示します。"),
        error_messages={"required": _("緊急度を選んでください。")},
    )
    is_exercise = forms.BooleanField(
        label=_("訓練として表示する"),
        required=False,
        help_text=_("画面に「訓練」と大きく表示します。"),
    )
    duration = forms.TypedChoiceField(
        label=_("表示する時間"),
        choices=DURATIONS,
        coerce=int,
        initial=60,
        help_text=_("この時間が過ぎると、自動で通常の表示に戻ります。"),
        error_messages={"required": _("表示する時間を選んでください。")},
    )

    def expires_at(self) -> Any:
        return timezone.now() + timedelta(minutes=self.cleaned_data["duration"])
