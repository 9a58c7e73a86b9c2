"""Demo data: a crisis-management account, contact details, sample staff and a closed drill
with replies whose totals add up; loading twice changes nothing."""

from __future__ import annotations

import pytest

from kuyakusho.accounts.models import User
from kuyakusho.accounts.services import has_permission
from kuyakusho.core.demo import load_demo
from kuyakusho.core.models import AuditRecord
from kuyakusho.staff_safety import selectors
from kuyakusho.staff_safety.models import Recipient, Reply, Round, StaffContact

pytestmark = pytest.mark.django_db


def test_demo_shows_a_closed_drill_with_numbers_and_loads_once():
    load_demo("nerima")
    anpi = User.objects.get(email="anpi@example.jp")
    assert has_permission(anpi, "staff_safety.manage")
    assert has_permission(anpi, "staff_safety.contacts")
    round_ = Round.objects.get(is_sample=True)
    assert round_.is_drill and not round_.is_open
    overall = selectors.overall_totals(round_)
    assert overall.staff == Recipient.objects.filter(round=round_).count() >= 5
    assert 0 < overall.responded < overall.staff
    assert overall.responded == overall.safe + overall.injured + overall.family_affected
    assert overall.responded == overall.now + overall.within_hours + overall.cannot
    assert len(selectors.department_totals(round_)) >= 4
    assert StaffContact.objects.filter(user__email="road@example.jp").exists()
    counts = (
        Round.objects.count(),
        Recipient.objects.count(),
        Reply.objects.count(),
        StaffContact.objects.count(),
        User.objects.count(),
        AuditRecord.objects.count(),
    )
    load_demo("nerima")
    assert counts == (
        Round.objects.count(),
        Recipient.objects.count(),
        Reply.objects.count(),
        StaffContact.objects.count(),
        User.objects.count(),
        AuditRecord.objects.count(),
    )
