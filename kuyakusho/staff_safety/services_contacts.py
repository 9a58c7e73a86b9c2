"""The staff contact directory: private contact details, apart from the account.

Only crisis management (`staff_safety.contacts`) reads or corrects other people's details, and
every such read is written to the audit log with its purpose (as the resident look-up in
accounts does); each person reads and edits their own without a record of the read. Audit
records hold field names, counts and purposes, never the details themselves.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import active_staff_users, authorize
from kuyakusho.core.audit import log_action

from .models import StaffContact

CONTACTS = "staff_safety.contacts"
FIELDS = ["name", "personal_email", "mobile_phone", "second_email"]
PURPOSE_MAX = 200
PHONE = re.compile(r"^(\+81|0)\d{9,10}$")


def _check_purpose(purpose: str) -> str:
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ValidationError({"purpose": _("閲覧の目的を入力してください。")})
    return purpose[:PURPOSE_MAX]


def clean_contact_fields(values: dict[str, Any]) -> dict[str, str]:
    """Normalise (NFKC, trimmed) and check; ValidationError naming the fields at fault."""
    cleaned = {
        name: unicodedata.normalize("NFKC", str(values.get(name) or "")).strip() for name in FIELDS
    }
    cleaned["name"] = " ".join(cleaned["name"].split())
    errors = {}
    if len(cleaned["name"]) > 60:
        errors["name"] = _("氏名は60文字以内にしてください。")
    for name in ("personal_email", "second_email"):
        cleaned[name] = cleaned[name].lower()
        if cleaned[name]:
            try:
                validate_email(cleaned[name])
            except ValidationError:
                errors[name] = _("メールアドレスの形式で入力してください（例: name@example.jp）。")
    # Dashes people type in a phone number (NFKC keeps the minus sign and katakana bar).
    cleaned["mobile_phone"] = re.sub(r"[ー−‐‑–—]", "-", cleaned["mobile_phone"])
    digits = re.sub(r"[\s\-()]", "", cleaned["mobile_phone"])
    if cleaned["mobile_phone"] and not PHONE.match(digits):
        errors["mobile_phone"] = _(
            "電話番号は0から始まる10桁か11桁の数字で入力してください（例: 090-1234-5678）。"
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def own_contact(user: Any) -> StaffContact:
    """The person's own details (unsaved and empty when they have none yet)."""
    return StaffContact.objects.filter(user=user).first() or StaffContact(user=user)


def _save(contact: StaffContact, values: dict[str, str]) -> list[str]:
    changed = [name for name in FIELDS if getattr(contact, name) != values[name]]
    for name in changed:
        setattr(contact, name, values[name])
    if changed or contact.pk is None:
        contact.save()
    return changed


@transaction.atomic
def save_own_contact(user: Any, values: dict[str, Any]) -> StaffContact:
    """A staff member keeps their own details up to date (any staff member may)."""
    authorize(user, "backoffice.access")
    cleaned = clean_contact_fields(values)
    contact = own_contact(user)
    changed = _save(contact, cleaned)
    if changed:
        log_changes(user, contact, changed, own=True)
    return contact


def log_changes(actor: Any, contact: StaffContact, changed: list[str], **data: Any) -> None:
    log_action(actor, "staff_safety.contact.updated", contact.user, {"fields": changed, **data})


@dataclass(frozen=True)
class DirectoryEntry:
    user: Any
    departments: list
    contact: StaffContact | None


def read_directory(actor: Any, *, purpose: str) -> list[DirectoryEntry]:
    """Every active staff member with their private details, for crisis management."""
    authorize(actor, CONTACTS)
    purpose = _check_purpose(purpose)
    users = list(active_staff_users())
    contacts = {c.user_id: c for c in StaffContact.objects.filter(user__in=users)}
    entries = [
        DirectoryEntry(
            user,
            sorted((m.department for m in user.memberships.all()), key=lambda d: d.code),
            contacts.get(user.pk),
        )
        for user in users
    ]
    log_action(
        actor,
        "staff_safety.contacts.read",
        None,
        {"purpose": purpose, "count": len(entries), "with_details": len(contacts)},
    )
    return entries


def staff_member(user_id: int) -> Any | None:
    return active_staff_users().filter(pk=user_id).first()


def read_contact(actor: Any, user: Any, *, purpose: str) -> StaffContact:
    authorize(actor, CONTACTS)
    purpose = _check_purpose(purpose)
    contact = own_contact(user)
    log_action(actor, "staff_safety.contact.read", user, {"purpose": purpose})
    return contact


@transaction.atomic
def correct_contact(actor: Any, user: Any, values: dict[str, Any], *, purpose: str) -> StaffContact:
    """Crisis management corrects someone's details (e.g. a bounced address)."""
    authorize(actor, CONTACTS)
    purpose = _check_purpose(purpose)
    cleaned = clean_contact_fields(values)
    contact = own_contact(user)
    changed = _save(contact, cleaned)
    if changed:
        log_changes(actor, contact, changed, purpose=purpose, own=False)
    return contact
