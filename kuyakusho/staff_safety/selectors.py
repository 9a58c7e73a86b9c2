"""Reads: rounds, live totals (overall and per department) and the per-person export.

Totals are counted in the database with conditional aggregates: one query for the whole
round (each person once) and one grouped by the departments each person belonged to when the
round started (a person in two departments counts in both rows, and once overall). The parts
always add up: responded = safe + injured + family affected = now + within N hours + cannot,
and staff = responded + not responded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kuyakusho.core.models import Department

from .models import Attendance, Recipient, RecipientDepartment, Round, RoundStatus, SafetyStatus

# "Able to come within H hours" (cumulative, including those who come at once).
HOUR_STEPS = (1, 3, 6, 12, 24)


@dataclass(frozen=True)
class Totals:
    staff: int = 0
    responded: int = 0
    safe: int = 0
    injured: int = 0
    family_affected: int = 0
    now: int = 0
    within_hours: int = 0
    cannot: int = 0
    sent: int = 0
    undeliverable: int = 0

    @property
    def not_responded(self) -> int:
        return self.staff - self.responded

    @property
    def response_rate(self) -> float:
        """Per cent of staff who answered, one decimal."""
        return round(100 * self.responded / self.staff, 1) if self.staff else 0.0

    @property
    def able_to_come(self) -> int:
        return self.now + self.within_hours

    def as_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(
            not_responded=self.not_responded,
            response_rate=self.response_rate,
            able_to_come=self.able_to_come,
        )
        return data


def _aggregates(prefix: str) -> dict[str, Count]:
    def count(condition: Q | None = None) -> Count:
        return Count("id", filter=condition)

    p = prefix
    return {
        "staff": count(),
        "responded": count(Q(**{f"{p}responded_at__isnull": False})),
        "safe": count(Q(**{f"{p}status": SafetyStatus.SAFE})),
        "injured": count(Q(**{f"{p}status": SafetyStatus.INJURED})),
        "family_affected": count(Q(**{f"{p}status": SafetyStatus.FAMILY_AFFECTED})),
        "now": count(Q(**{f"{p}attendance": Attendance.NOW})),
        "within_hours": count(Q(**{f"{p}attendance": Attendance.WITHIN_HOURS})),
        "cannot": count(Q(**{f"{p}attendance": Attendance.CANNOT})),
        "sent": count(Q(**{f"{p}sent_at__isnull": False})),
        "undeliverable": count(Q(**{f"{p}send_failed": True})),
    }


def overall_totals(round_: Round) -> Totals:
    return Totals(**Recipient.objects.filter(round=round_).aggregate(**_aggregates("")))


@dataclass(frozen=True)
class DepartmentTotals:
    department: Department
    totals: Totals


def department_totals(round_: Round) -> list[DepartmentTotals]:
    rows = (
        RecipientDepartment.objects.filter(recipient__round=round_)
        .values("department_id")
        .annotate(**_aggregates("recipient__"))
        .order_by("department_id")
    )
    departments = Department.objects.in_bulk([row["department_id"] for row in rows])
    result = [
        DepartmentTotals(
            departments[row.pop("department_id")],
            Totals(**row),
        )
        for row in rows
    ]
    return sorted(result, key=lambda d: d.department.code)


def coming_within(round_: Round) -> list[tuple[int, int]]:
    """(hours, staff able to come within that many hours, counting those who come at once)."""
    at_once = Recipient.objects.filter(round=round_, attendance=Attendance.NOW).count()
    hours = list(
        Recipient.objects.filter(round=round_, attendance=Attendance.WITHIN_HOURS).values_list(
            "attendance_hours", flat=True
        )
    )
    return [(step, at_once + sum(1 for h in hours if h <= step)) for step in HOUR_STEPS]


def rounds() -> QuerySet[Round]:
    return Round.objects.all()


def open_rounds() -> QuerySet[Round]:
    return Round.objects.filter(status=RoundStatus.OPEN)


def round_by_id(pk: int) -> Round | None:
    return Round.objects.filter(pk=pk).first()


def round_by_trigger(trigger_key: str) -> Round | None:
    return Round.objects.filter(trigger_key=trigger_key).first()


def export_rows(round_: Round) -> QuerySet[Recipient]:
    """Everyone in the round with their current answer, for the audited CSV export."""
    return (
        Recipient.objects.filter(round=round_)
        .select_related("user", "user__safety_contact")
        .prefetch_related("departments__department")
        .order_by("user__email")
    )


def generated_at() -> Any:
    return timezone.localtime()
