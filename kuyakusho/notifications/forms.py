from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.accounts.services import CHILD_MAX_AGE

from .models import Area, Digest, Topic
from .subscriptions import Preferences
from .targeting import KEYS as TARGETING_KEYS
from .targeting import clean_targeting
from .validation import clean_address

LANGUAGE_CHOICES = settings.LANGUAGES


class LocalisedChoices(forms.ModelMultipleChoiceField):
    """Topic and area names in the reader's language."""

    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return obj.display_name(get_language() or "ja")


RESIDENT_CHANNELS = [("email", _("メール")), ("inbox", _("マイページの受信箱"))]


class PreferencesForm(forms.Form):
    topics = LocalisedChoices(
        label=_("受け取るテーマ"),
        queryset=Topic.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    areas = LocalisedChoices(
        label=_("地域"),
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("選ばない場合は、区全体へのお知らせだけが届きます。"),
    )
    language = forms.ChoiceField(label=_("受け取る言語"), choices=LANGUAGE_CHOICES)
    digest = forms.ChoiceField(
        label=_("受け取る頻度"),
        choices=Digest.choices,
        widget=forms.RadioSelect,
        initial=Digest.IMMEDIATE,
    )
    quiet_start = forms.TimeField(
        label=_("配信を止める時間帯（開始）"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("緊急のお知らせは、この時間帯でも届きます。"),
    )
    quiet_end = forms.TimeField(
        label=_("配信を止める時間帯（終了）"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def __init__(self, *args, with_account: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.with_account = with_account
        if with_account:
            self.fields["channels"] = forms.MultipleChoiceField(
                label=_("受け取り方法"),
                choices=RESIDENT_CHANNELS,
                widget=forms.CheckboxSelectMultiple,
                initial=["email"],
            )
            self.fields["profile_targeting_consent"] = forms.BooleanField(
                label=_("登録内容（年齢など）に合わせたお知らせを受け取る"),
                required=False,
                help_text=_(
                    "同意した場合だけ、プロフィールの生年月日と、マイページに登録したお子さんの生年月日を使って対象を選びます。いつでも取り消せます。"
                ),
            )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            raise forms.ValidationError(
                _("配信停止の時間帯は、開始と終了の両方を入力してください。")
            )
        return data

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        return Preferences(
            topics=list(data["topics"]),
            areas=list(data["areas"]),
            channels=list(data.get("channels") or ["email"]),
            language=data["language"],
            digest=data["digest"],
            quiet_start=data.get("quiet_start"),
            quiet_end=data.get("quiet_end"),
            profile_targeting_consent=bool(data.get("profile_targeting_consent")),
        )


class SubscribeForm(PreferencesForm):
    email = forms.CharField(
        label=_("メールアドレス"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["email", "topics", "areas", "language", "digest", "quiet_start", "quiet_end"]

    def clean_email(self) -> str:
        return clean_address(self.cleaned_data["email"])


class MessageForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("テーマ"), queryset=Topic.objects.none())
    channels = forms.MultipleChoiceField(
        label=_("配信方法"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("email", _("メール")),
            ("inbox", _("マイページの受信箱")),
            ("feed", _("Atom フィード")),
            ("webhook", _("Webhook")),
        ],
        initial=["email", "inbox", "feed"],
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("対象の地域"),
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("選ばない場合は区全体が対象です。"),
    )
    age_min = forms.IntegerField(
        label=_("対象の年齢（下限）"),
        required=False,
        min_value=0,
        max_value=130,
        help_text=_("年齢での絞り込みは、同意した登録者だけが対象です。"),
    )
    age_max = forms.IntegerField(
        label=_("対象の年齢（上限）"), required=False, min_value=0, max_value=130
    )
    child_age_min = forms.IntegerField(
        label=_("対象のお子さんの年齢（下限）"),
        required=False,
        min_value=0,
        max_value=CHILD_MAX_AGE,
        help_text=_(
            "指定すると、その年齢のお子さんがいる登録者に届きます（0〜18歳）。同意した登録者だけが対象です。"
        ),
    )
    child_age_max = forms.IntegerField(
        label=_("対象のお子さんの年齢（上限）"),
        required=False,
        min_value=0,
        max_value=CHILD_MAX_AGE,
    )
    is_emergency = forms.BooleanField(
        label=_("緊急（夜間停止の設定を無視し、別の職員の承認が必要）"), required=False
    )

    def __init__(self, *args, topics=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if topics is not None:
            self.fields["topic"].queryset = topics
        for code, name in LANGUAGE_CHOICES:
            required = code == settings.LANGUAGE_CODE
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("件名（%(language)s）") % {"language": name},
                required=required,
                max_length=150,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("本文（%(language)s）") % {"language": name},
                required=required,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        try:
            clean_targeting(self.targeting())
        except ValidationError as error:
            self.add_error(None, error)  # the error names its field: shown beside it
        return data

    def targeting(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in TARGETING_KEYS}

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"subject_{code}", ""), data.get(f"body_{code}", ""))
            for code, _name in LANGUAGE_CHOICES
            if data.get(f"subject_{code}") or data.get(f"body_{code}")
        }


class SendForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("配信日時（空欄ならすぐに配信）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = [
            "code",
            "name_ja",
            "name_en",
            "description_ja",
            "department",
            "is_emergency",
            "is_active",
            "sort_order",
        ]
        help_texts = {
            "code": _(
                "半角英小文字・数字・ハイフン（例: road-works）。フィードのアドレスに使います。"
            )
        }

    def __init__(self, *args, departments=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
