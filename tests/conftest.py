"""Shared fixtures: the ward, departments, named personas and a signed-in client for each.

Personas (named as in the foundation issue):
  resident        a resident with an account and a profile
  road_staff      道路課 担当者 (editor) with TOTP enrolled
  childcare_staff 子育て支援課 担当者 (editor) with TOTP enrolled
  ict_admin       情報政策課 システム管理者 (admin) with TOTP enrolled
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import struct
import threading
import time
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from kuyakusho.core.demo import WARDS
from kuyakusho.core.models import Department, WardProfile

PASSWORD = "correct-horse-battery-staple"


def totp_code(secret: str, at: float | None = None, step_offset: int = 0) -> str:
    """RFC 6238 TOTP (SHA-1, 30 s, 6 digits): what an authenticator app shows."""
    counter = int((at or time.time()) // 30) + step_offset
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@dataclass
class Persona:
    user: object
    email: str
    password: str
    totp_secret: str | None = None


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # scrypt is deliberately slow; the suite signs in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests change rows behind the services' back between two requests; the page cache has
    # its own tests (tests/core/test_page_cache.py), which turn it on.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _own_disaster_page_dir(settings, tmp_path):
    # The disaster page is written as files; each test gets its own folder, never var/.
    settings.DISASTER_PAGE_DIR = tmp_path / "disaster-page"


@pytest.fixture
def ward(db) -> WardProfile:
    ward = WardProfile.objects.create(
        slug="nerima", is_active=True, is_sample=True, **WARDS["nerima"]
    )
    cache.clear()
    return ward


@pytest.fixture
def departments(db) -> dict[str, Department]:
    from kuyakusho.core.demo import load_departments

    return load_departments()


def make_resident(email: str = "hanako@example.jp") -> Persona:
    from allauth.account.models import EmailAddress

    from kuyakusho.accounts.models import ResidentProfile, User

    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    ResidentProfile.objects.create(
        user=user,
        family_name="練馬",
        given_name="花子",
        family_name_kana="ねりま",
        given_name_kana="はなこ",
        postal_code="176-0001",
        address="東京都練馬区練馬1-1-1",
        phone="03-1234-5678",
    )
    return Persona(user, email, PASSWORD)


def make_staff(email: str, department: Department, role: str, *, with_totp: bool = True) -> Persona:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from kuyakusho.accounts.services import create_staff

    user = create_staff(email=email, password=PASSWORD, department=department, role=role)
    secret = None
    if with_totp:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return Persona(user, email, PASSWORD, secret)


@pytest.fixture
def resident(db, ward) -> Persona:
    return make_resident()


@pytest.fixture
def road_staff(db, ward, departments) -> Persona:
    return make_staff("road.staff@example.jp", departments["road"], "editor")


@pytest.fixture
def childcare_staff(db, ward, departments) -> Persona:
    return make_staff("childcare.staff@example.jp", departments["childcare"], "editor")


@pytest.fixture
def ict_admin(db, ward, departments) -> Persona:
    return make_staff("ict.admin@example.jp", departments["ict"], "admin")


@pytest.fixture
def crisis_staff(db, ward, departments) -> Persona:
    """An editor of 防災計画課, the demo's crisis-management department."""
    return make_staff("crisis.staff@example.jp", departments["disaster"], "editor")


@pytest.fixture
def crisis_approver(db, ward, departments) -> Persona:
    """The 課長 of 防災計画課: the second person for actual alerts."""
    return make_staff("crisis.approver@example.jp", departments["disaster"], "approver")


def sign_in(client: Client, persona: Persona, *, second_factor: bool = True) -> Client:
    """Sign in through the real allauth flow (password, then the TOTP step when enrolled)."""
    response = client.post(
        "/accounts/login/", {"login": persona.email, "password": persona.password}
    )
    assert response.status_code == 302, response.content[:500]
    if persona.totp_secret and second_factor:
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        response = client.post(
            "/accounts/2fa/authenticate/", {"code": totp_code(persona.totp_secret)}
        )
        assert response.status_code == 302, response.content[:500]
    return client


def reauthenticate(client: Client, persona: Persona) -> Client:
    """Sudo mode: confirm the password again, as sensitive screens ask."""
    response = client.post("/accounts/reauthenticate/", {"password": persona.password})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def resident_client(resident) -> Client:
    return sign_in(Client(), resident)


@pytest.fixture
def road_client(road_staff) -> Client:
    return sign_in(Client(), road_staff)


@pytest.fixture
def ict_client(ict_admin) -> Client:
    return sign_in(Client(), ict_admin)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpInbox:
    """What a real SMTP server on loopback (aiosmtpd) received."""

    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        from email import message_from_bytes, policy

        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        return list(self.messages)

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's mail and the notification engine use it."""
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.SMTP_URL = f"smtp://127.0.0.1:{port}"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_BACKEND = "kuyakusho.core.mail.OutboxEmailBackend"
    settings.NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    yield inbox
    controller.stop()
