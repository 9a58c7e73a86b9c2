"""Groups (団体): a resident asks to register one, the department of its field approves it,
and its managers invite further managers with a link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action

from . import mails
from .models import Category, EventArea, Group, GroupManager, GroupStatus
from .services import require_group_manager
from .text import clean_line, clean_text, safe_link_target

MAX_PENDING_REQUESTS = 3
MAX_MANAGERS = 10
INVITE_SALT = "kuyakusho.events.group-invite"
INVITE_DAYS = 7


@dataclass
class GroupInput:
    name: str
    description: str
    category: Category
    contact_name: str
    contact_email: str
    name_kana: str = ""
    activity_area: EventArea | None = None
    activity_place: str = ""
    contact_phone: str = ""
    contact_public: bool = False
    website: str = ""


def check_group_input(data: GroupInput) -> GroupInput:
    errors: dict[str, list[str]] = {}
    data.name = clean_line(data.name)
    data.name_kana = clean_line(data.name_kana)
    data.description = clean_text(data.description)
    data.activity_place = clean_line(data.activity_place)
    data.contact_name = clean_line(data.contact_name)
    data.contact_email = clean_line(data.contact_email).lower()
    data.contact_phone = clean_line(data.contact_phone)
    data.website = clean_line(data.website)
    if not data.name:
        errors["name"] = [_("団体名を入力してください。")]
    if not data.description:
        errors["description"] = [_("団体の紹介を入力してください。")]
    elif len(data.description) > Group._meta.get_field("description").max_length:
        errors["description"] = [_("団体の紹介は3000文字以内にしてください。")]
    if data.category is None or not data.category.is_active:
        errors["category"] = [_("活動の分野を選んでください。")]
    if not data.contact_name:
        errors["contact_name"] = [_("連絡先の担当者名を入力してください。")]
    try:
        validate_email(data.contact_email)
    except ValidationError:
        errors["contact_email"] = [_("連絡先メールアドレスを正しく入力してください。")]
    if data.website and safe_link_target(data.website) is None:
        errors["website"] = [
            _("ウェブサイトは http:// か https:// で始まるアドレスにしてください。")
        ]
    if errors:
        raise ValidationError(errors)
    return data


def _apply(group: Group, data: GroupInput) -> list[str]:
    changed = []
    for name, value in data.__dict__.items():
        if getattr(group, name, None) != value:
            setattr(group, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def request_group(actor: Any, data: GroupInput) -> Group:
    """Ask to register a group; the asking resident becomes its first manager."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("団体の登録にはログインが必要です。"))
    check_group_input(data)
    pending = Group.objects.filter(managers__user=actor, status=GroupStatus.PENDING).count()
    if pending >= MAX_PENDING_REQUESTS:
        raise ValidationError(
            _("審査中の申請が%(count)s件あります。結果が出てから申請してください。")
            % {"count": pending},
            code="too_many_pending",
        )
    group = Group(status=GroupStatus.PENDING, department=data.category.department)
    _apply(group, data)
    group.save()
    GroupManager.objects.create(group=group, user=actor)
    log_action(
        actor,
        "events.group.requested",
        group,
        {"category": group.category.code, "department": group.department.code},
    )
    return group


@transaction.atomic
def update_group(actor: Any, group: Group, data: GroupInput) -> Group:
    """Managers change the profile. A group that was sent back goes to review again, and so
    does one that moves to a field reviewed by another department."""
    require_group_manager(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    check_group_input(data)
    changed = _apply(group, data)
    if group.department_id != group.category.department_id:
        group.department = group.category.department
        group.status = GroupStatus.PENDING
    if group.status == GroupStatus.REJECTED:
        group.status = GroupStatus.PENDING
    group.save()
    log_action(
        actor, "events.group.updated", group, {"fields": sorted(changed), "status": group.status}
    )
    return group


@transaction.atomic
def approve_group(actor: Any, group: Group) -> Group:
    authorize(actor, "events.moderate", group.department)
    group = Group.objects.select_for_update().get(pk=group.pk)
    authorize(actor, "events.moderate", group.department)
    if group.status != GroupStatus.PENDING:
        raise ValidationError(_("審査中の団体ではありません。"), code="not_pending")
    group.status, group.review_note = GroupStatus.APPROVED, ""
    group.reviewed_by, group.reviewed_at = actor, timezone.now()
    group.save()
    log_action(actor, "events.group.approved", group, {})
    mails.group_reviewed(group)
    return group


@transaction.atomic
def reject_group(actor: Any, group: Group, reason: str) -> Group:
    from .validation import clean_reason

    authorize(actor, "events.moderate", group.department)
    reason = clean_reason(reason)
    group = Group.objects.select_for_update().get(pk=group.pk)
    authorize(actor, "events.moderate", group.department)
    if group.status != GroupStatus.PENDING:
        raise ValidationError(_("審査中の団体ではありません。"), code="not_pending")
    group.status, group.review_note = GroupStatus.REJECTED, reason
    group.reviewed_by, group.reviewed_at = actor, timezone.now()
    group.save()
    log_action(actor, "events.group.rejected", group, {})
    mails.group_reviewed(group)
    return group


def read_group_for_review(actor: Any, group: Group) -> Group:
    """A staff read of a group's page in the back office. The contact person's name, address
    and phone are personal data unless the group published them: such reads are recorded."""
    authorize(actor, "department.view_work", group.department)
    if not group.contact_public:
        log_action(actor, "events.group.contact_read", group, {})
    return group


# --- Managers ---------------------------------------------------------------------------------


class InvalidInviteError(Exception):
    """An invitation link that was altered, replaced by a newer one, or has expired."""


@transaction.atomic
def create_invite(actor: Any, group: Group) -> str:
    """A link token that makes whoever opens it (signed in) a manager. A new one voids the
    previous link, so a manager who shared a link by mistake can replace it."""
    require_group_manager(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    group.invite_nonce = secrets.token_urlsafe(12)
    group.save(update_fields=["invite_nonce"])
    log_action(actor, "events.group.invite_created", group, {})
    return signing.dumps({"g": group.pk, "n": group.invite_nonce}, salt=INVITE_SALT)


def group_for_invite(token: str) -> Group:
    if not isinstance(token, str) or len(token) > 300:
        raise InvalidInviteError
    try:
        payload = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_DAYS * 24 * 3600)
    except signing.BadSignature:
        raise InvalidInviteError from None
    if not isinstance(payload, dict):
        raise InvalidInviteError
    group = Group.objects.filter(pk=payload.get("g")).first()
    if group is None or not group.invite_nonce or group.invite_nonce != payload.get("n"):
        raise InvalidInviteError
    return group


@transaction.atomic
def join_group(actor: Any, token: str) -> Group:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("ログインしてください。"))
    group = Group.objects.select_for_update().get(pk=group_for_invite(token).pk)
    if GroupManager.objects.filter(group=group, user=actor).exists():
        return group
    if group.managers.count() >= MAX_MANAGERS:
        raise ValidationError(
            _("管理者は%(count)s人までです。") % {"count": MAX_MANAGERS}, code="too_many"
        )
    GroupManager.objects.create(group=group, user=actor)
    log_action(actor, "events.group.manager_added", group, {"user": actor.pk})
    return group


@transaction.atomic
def remove_manager(actor: Any, group: Group, manager: GroupManager) -> None:
    """A manager removes another manager or themself; the last one cannot leave."""
    require_group_manager(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if manager.group_id != group.pk:
        raise PermissionDenied(_("この団体の管理者ではありません。"))
    if group.managers.count() <= 1:
        raise ValidationError(
            _("管理者が1人だけのときは外せません。先に別の管理者を招待してください。"),
            code="last_manager",
        )
    user_id = manager.user_id
    manager.delete()
    log_action(actor, "events.group.manager_removed", group, {"user": user_id})
