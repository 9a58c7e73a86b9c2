"""Small helpers the event views share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from .validation import field_errors


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal beside the field it names (or above the form)."""
    for name, messages in field_errors(error).items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


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
