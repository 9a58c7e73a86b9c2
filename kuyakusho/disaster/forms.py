"""Staff forms: an alert (its settings and its words in six languages), rejection, policy.
Forms only collect; services.save_draft validates and names the field of each refusal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuyakusho.notifications.selectors import areas

from .alert_templates import LANGUAGES
from .models import CERTAINTIES, SEVERITIES, URGENCIES, AlertKind, AlertPolicy
from .services import AlertInput

LANGUAGE_LABELS = {
    "ja": _("日本語"),
    "ja-x-easy": _("やさしい日本語"),
    "en": _("英語"),
    "zh-hans": _("中国語（簡体字）"),
    "zh-hant": _("中国語（繁体字）"),
    "ko": _("韓国語"),
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class AreaChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name(get_language() or "ja")


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


class AlertForm(forms.Form):
    kind = forms.ChoiceField(label=_("警報の種類"), choices=AlertKind.choices)
    is_exercise = forms.BooleanField(
        label=_("訓練として発表する"),
        required=False,
        help_text=_("訓練の警報は、すべての画面・配信・CAPで「訓練」と表示されます。"),
    )
    whole_ward = forms.BooleanField(label=_("区内全域"), required=False)
    areas = AreaChoices(
        label=_("対象の地域"),
        queryset=areas(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「区内全域」にしないときに選びます。"),
    )
    severity = forms.ChoiceField(label=_("深刻度"), choices=list(SEVERITIES.items()))
    urgency = forms.ChoiceField(label=_("緊急性"), choices=list(URGENCIES.items()))
    certainty = forms.ChoiceField(label=_("確実性"), choices=list(CERTAINTIES.items()))
    effective_at = forms.DateTimeField(
        label=_("発効日時"),
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("発効日時を入力してください。"),
            "invalid": _("日時の形式が正しくありません（例: 2026-12-06 21:30）。"),
        },
    )
    expires_at = forms.DateTimeField(
        label=_("有効期限"),
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("有効期限を入力してください。"),
            "invalid": _("日時の形式が正しくありません（例: 2026-12-07 09:00）。"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in LANGUAGES:
            name = LANGUAGE_LABELS[language]
            required = language == "ja"
            self.fields[f"headline_{language}"] = forms.CharField(
                label=_("見出し（%(language)s）") % {"language": name},
                required=required,
                max_length=120,
                error_messages={"required": _("日本語の見出しを入力してください。")},
            )
            self.fields[f"description_{language}"] = forms.CharField(
                label=_("内容（%(language)s）") % {"language": name},
                required=required,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                error_messages={"required": _("日本語の内容を入力してください。")},
            )
            self.fields[f"instruction_{language}"] = forms.CharField(
                label=_("とるべき行動（%(language)s）") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=1000,
            )

    def language_fields(self) -> list[tuple[str, list]]:
        """The word fields grouped by language, for one fieldset each."""
        return [
            (
                LANGUAGE_LABELS[language],
                [self[f"{part}_{language}"] for part in ("headline", "description", "instruction")],
            )
            for language in LANGUAGES
        ]

    @staticmethod
    def initial_from(data: AlertInput) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": data.kind,
            "is_exercise": data.is_exercise,
            "whole_ward": data.whole_ward,
            "areas": data.areas or [],
            "severity": data.severity,
            "urgency": data.urgency,
            "certainty": data.certainty,
            "effective_at": timezone.localtime(data.effective_at).strftime(DATETIME_FORMAT),
            "expires_at": timezone.localtime(data.expires_at).strftime(DATETIME_FORMAT),
        }
        for language, (headline, description, instruction) in data.texts.items():
            initial[f"headline_{language}"] = headline
            initial[f"description_{language}"] = description
            initial[f"instruction_{language}"] = instruction
        return initial

    def to_input(self, department: Any) -> AlertInput:
        data = self.cleaned_data
        return AlertInput(
            department=department,
            kind=data["kind"],
            texts={
                language: (
                    data.get(f"headline_{language}", ""),
                    data.get(f"description_{language}", ""),
                    data.get(f"instruction_{language}", ""),
                )
                for language in LANGUAGES
            },
            effective_at=data["effective_at"],
            expires_at=data["expires_at"],
            is_exercise=data["is_exercise"],
            whole_ward=data["whole_ward"],
            areas=list(data["areas"]),
            severity=data["severity"],
            urgency=data["urgency"],
            certainty=data["certainty"],
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("差し戻す理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("差し戻す理由を入力してください。")},
    )


class PolicyForm(forms.ModelForm):
    jma_feed_url = forms.URLField(
        label=AlertPolicy._meta.get_field("jma_feed_url").verbose_name,
        help_text=AlertPolicy._meta.get_field("jma_feed_url").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = AlertPolicy
        fields = [
            "second_person_for_actual",
            "second_person_for_exercise",
            "notification_topic_code",
            "jma_feed_url",
            "jma_area_codes",
            "jma_threshold",
        ]
