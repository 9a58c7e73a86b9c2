"""Every JSON API operation, fed generated and malformed input, answers within its schema and
never with a server error (schemathesis strategies over the real WSGI application)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.django_db


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def test_api_operations_hold_their_schema_under_any_input(ward, departments):
    operations = _operations()
    assert len(operations) >= 3
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case):
            case.call_and_validate()

        check()
