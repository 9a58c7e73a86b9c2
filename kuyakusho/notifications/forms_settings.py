"""Forms of the ICT division's notification settings: areas and webhook endpoints."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.geo import parse_area_geometry

from .forms import LocalisedChoices
from .models import Area, Topic
from .validation import WEBHOOK_URL_MAX, clean_webhook_url


class AreaForm(forms.ModelForm):
    # Typed or pasted GeoJSON: a text field, so that whatever was typed comes back on an error.
    polygon = forms.CharField(
        label=_("区域（GeoJSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "code"}),
        help_text=_(
            "GeoJSON の Polygon または MultiPolygon（座標は [経度, 緯度] の順）。"
            "最後の点は最初の点と同じにします。空欄なら区域なしで保存します。"
        ),
    )

    class Meta:
        model = Area
        fields = ["code", "kind", "name_ja", "name_en", "polygon"]
        help_texts = {
            "code": _("半角英小文字・数字・ハイフン（例: sakuradai-1）。APIで使います。"),
        }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.polygon is not None and not self.is_bound:
            self.initial["polygon"] = json.dumps(self.instance.polygon, ensure_ascii=False)

    def clean_polygon(self):  # type: ignore[no-untyped-def]
        return parse_area_geometry(self.cleaned_data.get("polygon", ""))


class WebhookForm(forms.Form):
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        help_text=_("送信先のシステムが分かる名前（例: LINE 連携、駅前サイネージ）。"),
    )
    url = forms.CharField(
        label=_("送信先URL"),
        max_length=WEBHOOK_URL_MAX,
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
        help_text=_("https:// で始まるURL。"),
    )
    topics = LocalisedChoices(
        label=_("送る配信テーマ"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("配信テーマを1つ以上選んでください。")},
    )

    def clean_url(self) -> str:
        return clean_webhook_url(self.cleaned_data["url"])
