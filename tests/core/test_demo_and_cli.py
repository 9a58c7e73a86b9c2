"""Demo data loads idempotently; the CLI's `audit verify` exits non-zero on a tampered log."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from kuyakusho.core.logging import ScrubPersonalDataFilter, scrub

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_loaddemo_twice_changes_nothing():
    from allauth.mfa.models import Authenticator

    from kuyakusho.accounts.models import StaffMembership, User
    from kuyakusho.core.models import AuditRecord, Department, WardProfile

    def snapshot():
        return (
            list(
                WardProfile.objects.order_by("slug").values_list(
                    "slug", "is_active", "municipality_code"
                )
            ),
            Department.objects.count(),
            User.objects.count(),
            StaffMembership.objects.count(),
            Authenticator.objects.count(),
            AuditRecord.objects.count(),
        )

    call_command("loaddemo", ward="kita")
    first = snapshot()
    call_command("loaddemo", ward="kita")
    assert snapshot() == first
    assert WardProfile.objects.get(is_active=True).name_ja == "北区"
    assert all(w.is_sample for w in WardProfile.objects.all())


@pytest.mark.django_db
def test_the_demo_lists_every_staff_account_it_creates_with_its_second_factor():
    from kuyakusho.accounts.models import User
    from kuyakusho.core.demo import demo_account_lines

    call_command("loaddemo")
    printed = "\n".join(demo_account_lines())
    staff = User.objects.filter(memberships__isnull=False).distinct()
    assert staff.count() >= 4
    for user in staff:
        assert user.email in printed, user.email
    assert "lifelong@example.jp" in printed  # created by the events domain's own loader
    assert printed.count("TOTP secret:") == staff.count()


def _cli(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["KUYAKUSHO_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "-m", "kuyakusho.cli", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_audit_verify_fails_after_a_direct_database_edit(tmp_path):
    assert _cli(tmp_path, "migrate", "-v0").returncode == 0
    assert _cli(tmp_path, "loaddemo").returncode == 0
    ok = _cli(tmp_path, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "chain intact" in ok.stdout
    with sqlite3.connect(tmp_path / "kuyakusho.sqlite3") as db:
        db.execute('UPDATE core_auditrecord SET data = \'{"role": "admin"}\' WHERE sequence = 1')
    broken = _cli(tmp_path, "audit", "verify")
    assert broken.returncode != 0
    assert "record 1" in broken.stderr and "FAILED" in broken.stderr


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("login failed for hanako@example.jp", "hanako@example.jp"),
        ("call 03-3993-1111", "3993"),
        ("GET /search?q=練馬花子", "練馬花子"),
        (
            "Forbidden (CSRF): /safety/reply/1.2.j5vWhDLKbeQkCGx5ZyQK2o.7Sgvm0lfCPeoCoQek/",
            "j5vWhDLKbeQkCGx5ZyQK2o",
        ),
        ("Internal Server Error: /notifications/manage/Zk3v9QmT4xLp8wRb2NcY/", "Zk3v9QmT4x"),
    ],
)
def test_logs_never_carry_personal_data(text, leak):
    assert leak not in scrub(text)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s", (text,), None)
    ScrubPersonalDataFilter().filter(record)
    assert leak not in record.getMessage()
