"""Demo data: a crisis-management account (防災計画課), private contact details for the demo
staff accounts and one closed drill round over them with replies, so that the dashboard shows
numbers. All marked サンプル; idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kuyakusho.accounts.services import create_staff
from kuyakusho.core.demo import DemoAccount
from kuyakusho.core.models import Department

from .models import Recipient, Reply, Round, RoundStatus, StaffContact
from .services import _add_recipients

DEMO_ACCOUNT = DemoAccount(
    "anpi@example.jp",
    "demo-anpi-2026",
    "防災計画課 担当者（安否確認）",
    "disaster",
    "editor",
    "KUYAKUSHODEMOANPIAAAAAAAAAAAAAAA",
)

# Contact details of the demo accounts: example.jp addresses and 090-0000-xxxx numbers only.
CONTACTS = {
    "anpi@example.jp": ("防災 安子（サンプル）", "anpi.private@example.jp", "090-0000-0001"),
    "road@example.jp": ("道路 太郎（サンプル）", "road.private@example.jp", "090-0000-0002"),
    "childcare@example.jp": ("子育 花子（サンプル）", "", "090-0000-0003"),
    "ict-admin@example.jp": ("情報 一郎（サンプル）", "ict.private@example.jp", ""),
}
# Replies of the drill, in the order of the recipients (by account): status, attendance,
# hours, location. None = did not answer.
REPLIES = [
    ("safe", "now", None, "自宅（サンプル）"),
    ("safe", "within_hours", 2, "○○駅付近（サンプル）"),
    ("injured", "cannot", None, "自宅（サンプル）"),
    None,
    ("family_affected", "within_hours", 6, "実家（サンプル）"),
    ("safe", "now", None, "区役所本庁舎（サンプル）"),
    None,
    ("safe", "within_hours", 1, "自宅（サンプル）"),
]


def _contacts() -> None:
    from kuyakusho.accounts.models import User

    for email, (name, personal, phone) in CONTACTS.items():
        user = User.objects.filter(email=email).first()
        if user is not None and not StaffContact.objects.filter(user=user).exists():
            StaffContact.objects.create(
                user=user, name=name, personal_email=personal, mobile_phone=phone
            )


def _drill_round() -> None:
    started = timezone.now() - timedelta(days=7)
    round_ = Round.objects.create(
        title="職員安否確認訓練（サンプル）",
        message="震度6弱の地震を想定した訓練です。回答の練習をしてください。",
        is_drill=True,
        status=RoundStatus.CLOSED,
        reminder_interval_minutes=30,
        reminder_limit=2,
        reminders_sent=2,
        closed_at=started + timedelta(hours=3),
        is_sample=True,
    )
    Round.objects.filter(pk=round_.pk).update(started_at=started)
    round_.recipient_count = _add_recipients(round_)
    round_.save(update_fields=["recipient_count"])
    recipients = list(Recipient.objects.filter(round=round_).order_by("user__email"))
    for index, recipient in enumerate(recipients):
        recipient.sent_at = started + timedelta(seconds=5)
        answer = REPLIES[index % len(REPLIES)]
        if answer is not None:
            status, attendance, hours, location = answer
            replied = started + timedelta(minutes=5 + 7 * index)
            Reply.objects.create(
                recipient=recipient,
                status=status,
                attendance=attendance,
                attendance_hours=hours,
                location=location,
            )
            recipient.status, recipient.attendance = status, attendance
            recipient.attendance_hours, recipient.location = hours, location
            recipient.responded_at = replied
        recipient.save()


def load(ward: Any) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    if "disaster" in departments:
        from kuyakusho.accounts.models import User

        if not User.objects.filter(email=DEMO_ACCOUNT.email).exists():
            create_staff(
                email=DEMO_ACCOUNT.email,
                password=DEMO_ACCOUNT.password,
                department=departments["disaster"],
                role="editor",
            )
        _enrol_totp(DEMO_ACCOUNT)
    _contacts()
    if not Round.objects.filter(is_sample=True).exists():
        _drill_round()


def _enrol_totp(account: DemoAccount) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from kuyakusho.accounts.models import User

    user = User.objects.get(email=account.email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, account.totp_secret or "")
        RecoveryCodes.activate(user)
