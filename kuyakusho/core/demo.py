"""Demo data: public facts about three Tokyo wards, sample departments and demo accounts.

Ward facts (全国地方公共団体コード, office address, main phone, website) are public. The map
bounds are approximate boxes drawn around each ward for the demo, not official boundaries.
Everything loaded here is flagged as sample data and shown as such on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .models import Department, WardProfile
from .services import activate_ward

WARDS = {
    "nerima": dict(
        municipality_code="131202",
        name_ja="練馬区",
        name_en="Nerima City",
        name_kana="ねりまく",
        centre_lat=35.7356,
        centre_lon=139.6516,
        bounds_south=35.715,
        bounds_west=139.555,
        bounds_north=35.780,
        bounds_east=139.685,
        postal_code="176-8501",
        address="東京都練馬区豊玉北六丁目12番1号",
        phone="03-3993-1111",
        website="https://www.city.nerima.tokyo.jp/",
    ),
    "kita": dict(
        municipality_code="131172",
        name_ja="北区",
        name_en="Kita City",
        name_kana="きたく",
        centre_lat=35.7528,
        centre_lon=139.7337,
        bounds_south=35.730,
        bounds_west=139.690,
        bounds_north=35.800,
        bounds_east=139.760,
        postal_code="114-8508",
        address="東京都北区王子本町一丁目15番22号",
        phone="03-3908-1111",
        website="https://www.city.kita.tokyo.jp/",
    ),
    "suginami": dict(
        municipality_code="131156",
        name_ja="杉並区",
        name_en="Suginami City",
        name_kana="すぎなみく",
        centre_lat=35.6995,
        centre_lon=139.6364,
        bounds_south=35.665,
        bounds_west=139.580,
        bounds_north=35.730,
        bounds_east=139.680,
        postal_code="166-8570",
        address="東京都杉並区阿佐谷南一丁目15番1号",
        phone="03-3312-2111",
        website="https://www.city.suginami.tokyo.jp/",
    ),
}

# Sample organisation for the demo: (code, name, English name, 部, the ward-wide charge it holds:
# "ict" for the ICT division, "crisis" for crisis management, "" for none).
DEPARTMENTS = [
    ("ict", "情報政策課", "ICT Policy Division", "企画部", "ict"),
    ("road", "道路課", "Road Division", "土木部", ""),
    ("parks", "公園緑地課", "Parks Division", "土木部", ""),
    ("childcare", "子育て支援課", "Child-rearing Support Division", "こども家庭部", ""),
    ("residents", "区民課", "Resident Services Division", "区民部", ""),
    ("disaster", "防災計画課", "Disaster Planning Division", "危機管理室", "crisis"),
    ("publicity", "広聴広報課", "Public Relations Division", "企画部", ""),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    label: str
    department: str | None = None
    role: str | None = None
    # Fixed TOTP secret so that the demo can be tried with any authenticator app. Demo only.
    totp_secret: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount("resident@example.jp", "demo-resident-2026", "区民 (resident)"),
    DemoAccount(
        "road@example.jp",
        "demo-road-staff-2026",
        "道路課 担当者",
        "road",
        "editor",
        "KUYAKUSHODEMOROADSTAFFAAAAAAAAAA",
    ),
    DemoAccount(
        "childcare@example.jp",
        "demo-childcare-2026",
        "子育て支援課 担当者",
        "childcare",
        "editor",
        "KUYAKUSHODEMOCHILDCAREAAAAAAAAAA",
    ),
    # 防災計画課: one composes an alert, the other approves it (the two-person rule).
    DemoAccount(
        "bousai@example.jp",
        "demo-bousai-2026",
        "防災計画課 担当者",
        "disaster",
        "editor",
        "KUYAKUSHODEMOBOUSAISTAFFAAAAAAAA",
    ),
    DemoAccount(
        "bousai-chief@example.jp",
        "demo-bousai-chief-2026",
        "防災計画課 課長",
        "disaster",
        "approver",
        "KUYAKUSHODEMOBOUSAICHIEFAAAAAAAA",
    ),
    DemoAccount(
        "ict-admin@example.jp",
        "demo-ict-admin-2026",
        "情報政策課 システム管理者",
        "ict",
        "admin",
        "KUYAKUSHODEMOICTADMINAAAAAAAAAAA",
    ),
]


# Domains add their sample data here (from their AppConfig.ready), so core needs no import of them.
DEMO_LOADERS: list = []
# Staff accounts a domain's loader creates itself (its department is its own sample data);
# listed with the others when the demo starts.
DOMAIN_DEMO_ACCOUNTS: list[DemoAccount] = []


def register_demo_account(account: DemoAccount) -> None:
    if account not in DOMAIN_DEMO_ACCOUNTS:
        DOMAIN_DEMO_ACCOUNTS.append(account)


# Lines a domain prints when the demo starts (an Open311 demo api_key): `note()` -> list[str].
DEMO_NOTES: list = []


def register_demo_note(note) -> None:  # type: ignore[no-untyped-def]
    if note not in DEMO_NOTES:
        DEMO_NOTES.append(note)


def demo_note_lines() -> list[str]:
    return [line for note in DEMO_NOTES for line in note()]


def register_demo_loader(loader) -> None:  # type: ignore[no-untyped-def]
    """`loader(ward)` must be idempotent: loading twice changes nothing."""
    if loader not in DEMO_LOADERS:
        DEMO_LOADERS.append(loader)


@transaction.atomic
def load_demo(ward_slug: str = "nerima") -> WardProfile:
    """Create or update the demo ward, departments and accounts. Running it again changes nothing."""
    for slug, facts in WARDS.items():
        WardProfile.objects.get_or_create(slug=slug, defaults={**facts, "is_sample": True})
    ward = WardProfile.objects.get(slug=ward_slug)
    if not ward.is_active:
        activate_ward(None, ward)
    load_departments()
    _load_accounts()
    for loader in DEMO_LOADERS:
        loader(ward)
    return ward


def load_departments() -> dict[str, Department]:
    """The sample departments, created if missing; returned by code."""
    result = {}
    for code, name, name_en, division, charge in DEPARTMENTS:
        result[code], _created = Department.objects.get_or_create(
            code=code,
            defaults={
                "name_ja": name,
                "name_en": name_en,
                "division_ja": division,
                "is_ict_division": charge == "ict",
                "is_crisis_management": charge == "crisis",
            },
        )
        if charge == "crisis" and not result[code].is_crisis_management:
            # A demo database made before the flag existed: give the charge to the same unit.
            result[code].is_crisis_management = True
            result[code].save(update_fields=["is_crisis_management"])
    return result


def _load_accounts() -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from kuyakusho.accounts.models import User
    from kuyakusho.accounts.services import _mark_email_verified, create_staff

    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if account.department is None:
            if user is None:
                user = User.objects.create_user(email=account.email, password=account.password)
                _mark_email_verified(user)
            continue
        if user is None:
            department = Department.objects.get(code=account.department)
            user = create_staff(
                email=account.email,
                password=account.password,
                department=department,
                role=account.role or "staff",
            )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, account.totp_secret or "")
            RecoveryCodes.activate(user)


def demo_account_lines() -> list[str]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from kuyakusho.accounts.models import User

    lines = []
    for account in DEMO_ACCOUNTS + DOMAIN_DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            continue
        line = f"  {account.label:<28} {account.email:<24} password: {account.password}"
        if account.totp_secret:
            line += f"\n  {'':<28} TOTP secret: {account.totp_secret}"
            codes = Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).first()
            if codes is not None:
                unused = RecoveryCodes(codes).get_unused_codes()
                line += f"  recovery code: {unused[0] if unused else '(all used)'}"
        lines.append(line)
    return lines
