"""Forms: the reply (public, through the link), starting a round, contacts and purposes.
Services check everything again; forms parse and show messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LOCATION_MAX, MAX_HOURS, NOTE_MAX, Attendance, SafetyStatus
from .services import MAX_REMINDERS, MESSAGE_MAX, REMINDER_INTERVALS, TITLE_MAX


class ReplyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("あなたと家族の安否"),
        choices=SafetyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("あなたと家族の安否を選んでください。"),
            "invalid_choice": _("あなたと家族の安否を選んでください。"),
        },
    )
    attendance = forms.ChoiceField(
        label=_("参集できますか"),
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("参集できるかどうかを選んでください。"),
            "invalid_choice": _("参集できるかどうかを選んでください。"),
        },
    )
    attendance_hours = forms.IntegerField(
        label=_("N時間以内に参集できる場合の時間（N）"),
        required=False,
        min_value=1,
        max_value=MAX_HOURS,
        help_text=_("「N時間以内に参集できる」を選んだときだけ、1～72の数字で入力します。"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": MAX_HOURS}),
        error_messages={
            "invalid": _("時間は1～72の数字で入力してください。"),
            "min_value": _("時間は1～72の数字で入力してください。"),
            "max_value": _("時間は1～72の数字で入力してください。"),
        },
    )
    location = forms.CharField(
        label=_("現在地"),
        max_length=LOCATION_MAX,
        help_text=_("例: 自宅、○○駅付近、避難所（○○小学校）。100文字まで。"),
        error_messages={
            "required": _("現在地を入力してください（例: 自宅、○○駅付近）。"),
            "max_length": _("現在地は100文字以内にしてください。"),
        },
    )
    note = forms.CharField(
        label=_("連絡事項（任意）"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("300文字まで。けがの程度や、参集の妨げになっていることなど。"),
        error_messages={"max_length": _("連絡事項は300文字以内にしてください。")},
    )


INTERVAL_LABELS = {
    0: _("再送しない"),
    10: _("10分ごと"),
    15: _("15分ごと"),
    30: _("30分ごと"),
    60: _("1時間ごと"),
    120: _("2時間ごと"),
    180: _("3時間ごと"),
}


class RoundForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("種類"),
        choices=[("drill", _("訓練")), ("actual", _("実際の災害"))],
        widget=forms.RadioSelect,
        help_text=_("訓練では、すべてのメールと画面に【訓練】と表示します。"),
        error_messages={"required": _("訓練か実際の災害かを選んでください。")},
    )
    title = forms.CharField(
        label=_("件名"),
        max_length=TITLE_MAX,
        help_text=_("例: 震度5強の地震（○月○日 ○時○分）。100文字まで。"),
        error_messages={
            "required": _("件名を入力してください。"),
            "max_length": _("件名は100文字以内にしてください。"),
        },
    )
    message = forms.CharField(
        label=_("職員へのメッセージ（任意）"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("500文字まで。メールの本文に入ります。"),
        error_messages={"max_length": _("職員へのメッセージは500文字以内にしてください。")},
    )
    reminder_interval_minutes = forms.TypedChoiceField(
        label=_("未回答者への再送の間隔"),
        choices=[(minutes, INTERVAL_LABELS[minutes]) for minutes in REMINDER_INTERVALS],
        coerce=int,
        initial=30,
        error_messages={"invalid_choice": _("再送の間隔を一覧から選んでください。")},
    )
    reminder_limit = forms.IntegerField(
        label=_("再送の回数の上限"),
        min_value=0,
        max_value=MAX_REMINDERS,
        initial=3,
        help_text=_("0～10回。回答した人には送りません。"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("再送の回数を入力してください（0～10）。"),
            "invalid": _("再送の回数は0～10の数字で入力してください。"),
            "min_value": _("再送の回数は0～10回にしてください。"),
            "max_value": _("再送の回数は0～10回にしてください。"),
        },
    )


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label=_("閲覧の目的"),
        max_length=200,
        help_text=_("監査ログに記録されます。例: 安否確認の連絡先の確認"),
        error_messages={
            "required": _("閲覧の目的を入力してください。"),
            "max_length": _("目的は200文字以内にしてください。"),
        },
    )


class ExportForm(forms.Form):
    purpose = forms.CharField(
        label=_("出力の目的"),
        max_length=200,
        help_text=_("監査ログに記録されます。例: 災害対策本部への報告"),
        error_messages={
            "required": _("出力の目的を入力してください。"),
            "max_length": _("目的は200文字以内にしてください。"),
        },
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=60, required=False)
    personal_email = forms.CharField(
        label=_("安否確認を受け取るメールアドレス"),
        required=False,
        max_length=254,
        help_text=_("私用の携帯電話などのアドレス。空欄なら職員アカウントのアドレスに送ります。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile_phone = forms.CharField(
        label=_("携帯電話番号"),
        required=False,
        max_length=20,
        help_text=_("例: 090-1234-5678"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    second_email = forms.CharField(
        label=_("予備のメールアドレス"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class CorrectContactForm(ContactForm):
    """Crisis management corrects someone else's details: the purpose goes to the audit log."""

    purpose = forms.CharField(
        label=_("変更の目的"),
        max_length=200,
        help_text=_("監査ログに記録されます。例: メールが届かなかったため"),
        error_messages={"required": _("変更の目的を入力してください。")},
    )
