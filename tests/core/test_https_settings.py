"""Behind HTTPS (KUYAKUSHO_HTTPS=1): HSTS, secure cookies, redirect to https."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
plain = Client().get("/healthz")
secure = Client().get("/healthz", secure=True)
print(json.dumps({
    "redirect": plain.status_code, "location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "session_secure": settings.SESSION_COOKIE_SECURE, "csrf_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


def _probe(tmp_path, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="kuyakusho.settings", KUYAKUSHO_VAR_DIR=str(tmp_path), **env
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_deployment_sends_hsts_and_secures_cookies(tmp_path):
    probe = _probe(tmp_path, KUYAKUSHO_HTTPS="1")
    assert probe["redirect"] == 301 and probe["location"].startswith("https://")
    assert "max-age=31536000" in probe["hsts"] and "includeSubDomains" in probe["hsts"]
    assert probe["session_secure"] and probe["csrf_secure"]


def test_plain_http_embedded_default_sends_no_hsts(tmp_path):
    probe = _probe(tmp_path)
    assert probe["hsts"] == ""
    assert probe["session_secure"] is False
