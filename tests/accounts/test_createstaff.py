"""`kuyakusho createstaff`: staff accounts from the command line, with clear refusals."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kuyakusho.accounts.models import StaffMembership

pytestmark = pytest.mark.django_db


def test_creates_a_staff_member_in_a_department(departments):
    call_command(
        "createstaff",
        "taro@example.jp",
        department="road",
        role="editor",
        password="long-enough-pw",
    )
    membership = StaffMembership.objects.get(user__email="taro@example.jp")
    assert (membership.department.code, membership.role) == ("road", "editor")


def test_unknown_department_is_refused_with_the_known_ones(departments):
    with pytest.raises(CommandError, match="unknown department 'roads'.*road"):
        call_command(
            "createstaff",
            "taro@example.jp",
            department="roads",
            role="editor",
            password="long-enough-pw",
        )
    assert not StaffMembership.objects.exists()


def test_short_password_is_refused(departments):
    with pytest.raises(CommandError, match="at least 10"):
        call_command(
            "createstaff", "taro@example.jp", department="road", role="editor", password="short"
        )
