"""Checking a whole form's worth of values at once, so that every wrong field is named in one
answer (the resident corrects everything in one go, and nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError


class FieldChecks:
    """Runs each field's check, keeping its cleaned value or its messages under its name (or
    under the names a check's ValidationError gives itself)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.errors: dict[str, list[str]] = {}

    def check(self, name: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        try:
            self.values[name] = function(*args, **kwargs)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, messages in error.message_dict.items():
                    self.add(key, *messages)
            else:
                self.add(name, *error.messages)

    def add(self, name: str, *messages: str) -> None:
        self.errors.setdefault(name, []).extend(messages)

    def result(self) -> dict[str, Any]:
        """The cleaned values, or one ValidationError naming every wrong field."""
        if self.errors:
            raise ValidationError(self.errors)
        return self.values
