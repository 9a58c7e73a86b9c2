"""Settings staff keep: categories (Open311 services) with their questions (attributes), the
labels of the states, response templates per department and state, and Open311 api_keys for
integrators (shown once, stored as a SHA-256 hash, every issue and revocation audited)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action

from . import validation
from .models import ApiKey, Category, CategoryAttribute, ResponseTemplate, StateLabel
from .models.integrators import hash_key
from .states import LIST_TYPES, Datatype, State

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
KEY_PREFIX = "k311_"


def _code(value: Any, field: str) -> str:
    code = str(value or "").strip()
    if not _CODE.match(code):
        raise ValidationError(
            {field: [_("コードは半角の小文字・数字・ハイフン・下線で、40文字以内にしてください。")]}
        )
    return code


@transaction.atomic
def save_category(actor: Any, category: Category) -> Category:
    authorize(actor, "reports.manage_categories")
    category.code = _code(category.code, "code")
    category.full_clean()
    category.save()
    log_action(actor, "reports.category.saved", category,
               {"code": category.code, "department": category.department.code,
                "active": category.is_active})  # fmt: skip
    return category


def parse_choices(text: str) -> list[dict[str, str]]:
    """One choice a line: `key|名前|English name` (the English name may be left out)."""
    choices = []
    for line in str(text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not _CODE.match(parts[0]) or not parts[1]:
            raise ValidationError(
                {"choices": [_("選択肢は1行に1つ、「key|名前|English」の形で書いてください。")]}
            )
        choices.append({"key": parts[0], "name_ja": parts[1],
                        "name_en": parts[2] if len(parts) > 2 else ""})  # fmt: skip
    return choices


@transaction.atomic
def save_attribute(actor: Any, attribute: CategoryAttribute) -> CategoryAttribute:
    authorize(actor, "reports.manage_categories")
    attribute.code = _code(attribute.code, "code")
    if attribute.datatype not in Datatype.values:
        raise ValidationError({"datatype": [_("答えの形を選んでください。")]})
    if attribute.datatype in LIST_TYPES and not attribute.choices:
        raise ValidationError({"choices": [_("選ぶ形の質問には、選択肢を1つ以上書いてください。")]})
    if attribute.datatype not in LIST_TYPES:
        attribute.choices = []
    attribute.full_clean()
    attribute.save()
    log_action(actor, "reports.attribute.saved", attribute.category,
               {"code": attribute.code, "datatype": attribute.datatype,
                "required": attribute.required})  # fmt: skip
    return attribute


@transaction.atomic
def delete_attribute(actor: Any, attribute: CategoryAttribute) -> None:
    authorize(actor, "reports.manage_categories")
    category = attribute.category
    code = attribute.code
    attribute.delete()
    log_action(actor, "reports.attribute.deleted", category, {"code": code})


@transaction.atomic
def set_state_label(actor: Any, state: str, *, label_ja: str, label_en: str = "") -> None:
    authorize(actor, "reports.manage_categories")
    if state not in State.values:
        raise ValidationError({"state": [_("状態を選んでください。")]})
    label_ja = validation.clean_line(label_ja, label=_("表示名"), max_length=30)
    label_en = validation.clean_line(label_en, label=_("英語の表示名"), max_length=60)
    if not label_ja:
        StateLabel.objects.filter(state=state).delete()  # back to the default
    else:
        StateLabel.objects.update_or_create(state=state, defaults={"label_ja": label_ja,
                                                                   "label_en": label_en})  # fmt: skip
    log_action(actor, "reports.state_label.saved", None, {"state": state, "default": not label_ja})


@transaction.atomic
def save_template(
    actor: Any, department: Any, *, state: str, title: str, text: str
) -> ResponseTemplate:
    authorize(actor, "reports.handle", department)
    if state not in State.values:
        raise ValidationError({"state": [_("状態を選んでください。")]})
    title = validation.clean_line(title, label=_("名前"), max_length=60)
    text = validation.clean_text(text, label=_("回答文"), max_length=validation.NOTE_MAX,
                                 required=True)  # fmt: skip
    if not title:
        raise ValidationError({"title": [_("ひな形の名前を入力してください。")]})
    template = ResponseTemplate.objects.create(department=department, state=state, title=title,
                                               text=text)  # fmt: skip
    log_action(actor, "reports.template.saved", template, {"state": state})
    return template


def templates_for(department: Any) -> list[ResponseTemplate]:
    return list(ResponseTemplate.objects.filter(department=department))


# --- Open311 api_keys ----------------------------------------------------------------------
@transaction.atomic
def issue_api_key(actor: Any, *, integrator: str, contact: str = "") -> tuple[ApiKey, str]:
    """A new key for an integrator: (the row, the key itself — shown this once only)."""
    authorize(actor, "reports.manage_api_keys")
    integrator = validation.clean_line(integrator, label=_("連携先の名前"), max_length=100)
    contact = validation.clean_line(contact, label=_("連携先の連絡先"), max_length=200)
    if not integrator:
        raise ValidationError({"integrator": [_("連携先の名前を入力してください。")]})
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    row = ApiKey.objects.create(integrator=integrator, contact=contact, prefix=key[:8],
                                key_hash=hash_key(key), created_by=actor)  # fmt: skip
    log_action(actor, "reports.api_key.issued", row, {"prefix": row.prefix})
    return row, key


@transaction.atomic
def revoke_api_key(actor: Any, key: ApiKey) -> ApiKey:
    authorize(actor, "reports.manage_api_keys")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log_action(actor, "reports.api_key.revoked", key, {"prefix": key.prefix})
    return key


def api_key_for(raw: Any) -> ApiKey | None:
    """The live key matching `raw`, or None (missing, unknown, revoked)."""
    raw = str(raw or "").strip()
    if not raw or len(raw) > 200:
        return None
    key = ApiKey.objects.filter(key_hash=hash_key(raw), revoked_at__isnull=True).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
