"""Resident forms: 「解決しましたか？」 and the inquiry form. The rules live in validation.py and
the services; the forms only put each message beside its field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.forms import add_service_errors

from . import services, services_inquiries
from .models import Answer, Category
from .validation import clean_email, clean_single_line, clean_text, small_id


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return obj.display_name(get_language() or "ja")


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("はい")), ("no", _("いいえ"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("「はい」か「いいえ」を選んでください。")},
    )
    # Not a CharField with max_length: the message must name the limit and keep the text.
    comment = forms.CharField(
        label=_("ご意見（任意）"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "200文字以内。お名前・電話番号・メールアドレスなどは書かないでください。ご意見への返事はしません。"
        ),
    )

    def clean_comment(self) -> str:
        return clean_text(
            self.cleaned_data["comment"],
            label=str(_("ご意見")),
            max_length=services.COMMENT_MAX,
            required=False,
        )

    def vote(self) -> services.Vote:
        return services.Vote(self.cleaned_data["helpful"], self.cleaned_data["comment"])


class InquiryForm(forms.Form):
    category = CategoryChoice(
        label=_("お問い合わせの分類（必須）"),
        queryset=Category.objects.all(),
        empty_label=_("選んでください"),
        error_messages={"required": _("お問い合わせの分類を選んでください。")},
        help_text=_("分類に応じて、担当の課にお問い合わせが届きます。"),
    )
    # Required fields are checked by the clean_* methods below (required=False here), so
    # that an empty field gets the same message, naming the field, as any other mistake.
    subject = forms.CharField(
        label=_("件名（必須）"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("お問い合わせの内容（必須）"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("2000文字以内"),
    )
    name = forms.CharField(
        label=_("お名前（任意）"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("返信先のメールアドレス（必須）"),
        required=False,
        strip=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("回答はこのアドレスにお送りします。"),
    )
    consent = forms.BooleanField(
        label=_("個人情報の取り扱いに同意します（必須）"),
        error_messages={
            "required": _("個人情報の取り扱いに同意いただけない場合は、送信できません。")
        },
    )
    # The answer the resident came from. A stale or altered value is dropped, never an error:
    # it only steers the routing.
    answer = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, answers=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.answers = answers if answers is not None else Answer.objects.none()
        # Required fields say so in their label; the browser's own checks stay off (novalidate)
        # so every message comes from us, in the reader's language.
        for name in ("category", "subject", "body", "email", "consent"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    def clean_subject(self) -> str:
        return clean_single_line(
            self.cleaned_data["subject"],
            label=str(_("件名")),
            max_length=services_inquiries.SUBJECT_MAX,
            required=True,
        )

    def clean_body(self) -> str:
        return clean_text(
            self.cleaned_data["body"],
            label=str(_("お問い合わせの内容")),
            max_length=services_inquiries.BODY_MAX,
            required=True,
        )

    def clean_name(self) -> str:
        return clean_single_line(
            self.cleaned_data["name"],
            label=str(_("お名前")),
            max_length=services_inquiries.NAME_MAX,
            required=False,
        )

    def clean_email(self) -> str:
        return clean_email(self.cleaned_data["email"])

    def clean_answer(self) -> Answer | None:
        pk = small_id(self.cleaned_data.get("answer"))
        return self.answers.filter(pk=pk).first() if pk is not None else None

    def draft(self, language: str) -> services_inquiries.InquiryDraft:
        data = self.cleaned_data
        return services_inquiries.InquiryDraft(
            category=data["category"],
            subject=data["subject"],
            body=data["body"],
            email=data["email"],
            name=data["name"],
            answer=data.get("answer"),
            language=language,
        )

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)
