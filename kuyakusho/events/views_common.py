"""Small helpers the event views share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from kuyakusho.core.forms import add_service_errors  # noqa: F401  (the event views use it from here)


def status_for(form: forms.Form) -> int:
    return 400 if form.errors else 200


def attachment(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def client_language(request: Any) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or "ja"
