from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_upload_size(uploaded: Any, limit: int | None = None) -> None:
    """Reject a file larger than the limit with a message that says both sizes."""
    limit = limit or settings.MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("ファイルが大きすぎます（%(size)s）。%(limit)s 以下のファイルを選んでください。")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


class LimitedImageField(forms.ImageField):
    """An image field that checks the size before Pillow opens the file."""

    def to_python(self, data: Any) -> Any:
        if data is not None and getattr(data, "size", None) is not None:
            validate_upload_size(data)
        return super().to_python(data)
