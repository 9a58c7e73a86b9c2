"""Staff work on citizen reports: state and public answer, internal notes, assignment,
category (which moves the report to another department), priority, due date, private photos,
merging duplicates, forwarding to an outside manager, and the audited read of the reporter's
contact. Every function checks the permission for the report's department itself and writes a
timeline entry and an audit record (codes only, never texts or personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize, departments_for, has_permission
from kuyakusho.accounts.services import staff_of as list_department_staff
from kuyakusho.core import photos
from kuyakusho.core.audit import log_action

from . import services, validation
from .models import Category, Follower, Report, ReporterContact, ReportPhoto, ReportUpdate
from .states import CLOSED_STATES, OPEN_STATES, Priority, State

PURPOSE_MAX = 200
FORWARD_MAX = 120


def department_ids(actor: Any, code: str = "reports.view") -> list[int]:
    return [d.pk for d in departments_for(actor, code)]


def can_handle(actor: Any, report: Report) -> bool:
    return has_permission(actor, "reports.handle", report.department)


def can_enter(actor: Any) -> bool:
    return has_permission(actor, "reports.enter")


def assignable(report: Report) -> list[Any]:
    """Staff of the report's department, who may be its assignee."""
    return list_department_staff(report.department, "reports.view")


def can_read_contact(actor: Any, report: Report) -> bool:
    return has_permission(actor, "reports.contacts", report.department)


def _locked(actor: Any, report: Report) -> Report:
    authorize(actor, "reports.handle", report.department)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.department_id != report.department_id:  # moved meanwhile: check again
        authorize(actor, "reports.handle", locked.department)
    return locked


def _entry(report: Report, actor: Any, kind: str, **fields: Any) -> ReportUpdate:
    return ReportUpdate.objects.create(report=report, at=timezone.now(), actor=actor, kind=kind,
                                       **fields)  # fmt: skip


def _text(value: Any, label: str, *, required: bool = False) -> str:
    try:
        return validation.clean_text(value, label=label, max_length=validation.NOTE_MAX,
                                     required=required)  # fmt: skip
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from None


def _apply_state(report: Report, state: str, now: Any) -> None:
    report.state = state
    if state in CLOSED_STATES:
        report.closed_at = report.closed_at or now
    else:
        report.closed_at = None
    if report.first_response_at is None:
        report.first_response_at = now


@transaction.atomic
def change_state(actor: Any, report: Report, *, state: str, text: str = "") -> Report:
    """Move to 受付 / 対応中 / 完了 / 対応不要 with the ward's public answer, and tell the
    followers. 区の管轄外 and 重複 have their own steps (forward, merge): they need a record."""
    report = _locked(actor, report)
    if state not in State.values:
        raise ValidationError({"state": [_("状態を選んでください。")]})
    if state in (State.NOT_WARD, State.DUPLICATE):
        raise ValidationError(
            {
                "state": [
                    _(
                        "「区の管轄外」と「重複」は、それぞれの欄（連絡先の記録・元のレポート）から設定してください。"
                    )
                ]
            }
        )
    text = _text(text, _("区からの回答"))
    if state == report.state and not text:
        raise ValidationError(
            {"text": [_("状態は変わっていません。回答を書くか、別の状態を選んでください。")]}
        )
    previous = report.state
    now = timezone.now()
    _apply_state(report, state, now)
    report.duplicate_of = None
    report.save()
    update = _entry(report, actor, ReportUpdate.Kind.STATE, is_public=True, previous=previous,
                    value=state, text=text)  # fmt: skip
    log_action(actor, "reports.report.state_changed", report,
               {"previous": previous, "state": state, "answered": bool(text)})  # fmt: skip
    transaction.on_commit(lambda: services.notify_followers(actor, report, update))
    return report


@transaction.atomic
def forward(actor: Any, report: Report, *, manager: str, text: str = "") -> Report:
    """区の管轄外: the road or place belongs to another manager (国道 → 国, 都道 → 東京都 …);
    the ward records whom it told, and the followers hear it."""
    report = _locked(actor, report)
    try:
        manager = validation.clean_line(manager, label=_("連絡した管理者"), max_length=FORWARD_MAX)
    except ValidationError as error:
        raise ValidationError({"manager": error.messages}) from None
    if not manager:
        raise ValidationError(
            {"manager": [_("連絡した管理者（例: 東京都第四建設事務所）を入力してください。")]}
        )
    text = _text(text, _("区からの回答"))
    previous = report.state
    now = timezone.now()
    _apply_state(report, State.NOT_WARD, now)
    report.forwarded_to = manager
    report.save()
    public_text = text or _("この場所は区の管轄外のため、管理者（%(manager)s）に連絡しました。") % {
        "manager": manager
    }
    update = _entry(report, actor, ReportUpdate.Kind.FORWARDED, is_public=True, previous=previous,
                    value=manager[:120], text=public_text)  # fmt: skip
    log_action(actor, "reports.report.forwarded", report, {"previous": previous})
    transaction.on_commit(lambda: services.notify_followers(actor, report, update))
    return report


@transaction.atomic
def merge(actor: Any, report: Report, *, original: Report, text: str = "") -> Report:
    """Mark `report` as a duplicate of `original` (of any department: the same place may be
    reported under two categories); its followers then follow the original."""
    report = _locked(actor, report)
    if not original.is_public:
        raise ValidationError({"original": [_("元のレポートが見つかりません。")]})
    while original.duplicate_of_id is not None and original.state == State.DUPLICATE:
        original = original.duplicate_of  # point at the original, never at a chain
    if original.pk == report.pk:
        raise ValidationError({"original": [_("このレポート自身を元のレポートにはできません。")]})
    text = _text(text, _("区からの回答"))
    previous = report.state
    _apply_state(report, State.DUPLICATE, timezone.now())
    report.duplicate_of = original
    report.save()
    for follower in Follower.objects.filter(report=report):
        exists = Follower.objects.filter(report=original)
        if (follower.user_id and exists.filter(user_id=follower.user_id).exists()) or (
            follower.email and exists.filter(email=follower.email).exists()
        ):
            continue
        Follower.objects.create(report=original, user=follower.user, email=follower.email,
                                language=follower.language,
                                confirmed_at=follower.confirmed_at)  # fmt: skip
    public_text = text or _("同じ内容のレポート %(reference)s にまとめました。") % {
        "reference": original.reference
    }
    update = _entry(report, actor, ReportUpdate.Kind.MERGED, is_public=True, previous=previous,
                    value=original.reference, text=public_text)  # fmt: skip
    log_action(actor, "reports.report.merged", report, {"original": original.pk})
    transaction.on_commit(lambda: services.notify_followers(actor, report, update))
    return report


@transaction.atomic
def add_note(actor: Any, report: Report, *, text: str) -> ReportUpdate:
    report = _locked(actor, report)
    note = _entry(report, actor, ReportUpdate.Kind.NOTE, text=_text(text, _("内部メモ"),
                                                                     required=True))  # fmt: skip
    log_action(actor, "reports.report.noted", report, {})
    return note


@transaction.atomic
def assign(actor: Any, report: Report, *, assignee: Any) -> Report:
    report = _locked(actor, report)
    if assignee is not None and not has_permission(assignee, "reports.view", report.department):
        raise ValidationError(
            {"assignee": [_("担当者は、このレポートの担当課の職員から選んでください。")]}
        )
    previous = report.assignee_id
    report.assignee = assignee
    report.save(update_fields=["assignee", "updated_at"])
    _entry(report, actor, ReportUpdate.Kind.ASSIGNED,
           value=getattr(assignee, "email", "") or "")  # fmt: skip
    log_action(actor, "reports.report.assigned", report,
               {"previous": previous, "assignee": getattr(assignee, "pk", None)})  # fmt: skip
    return report


@transaction.atomic
def change_category(actor: Any, report: Report, *, category: Category) -> Report:
    """Another category, and with it the department it routes to: the report leaves this
    inbox for that department's (its assignee, who may not work there, is cleared)."""
    report = _locked(actor, report)
    if not category.is_active:
        raise ValidationError({"category": [_("受付中の種類を選んでください。")]})
    if category.pk == report.category_id:
        return report
    previous = report.category.code
    moved = category.department_id != report.department_id
    report.category = category
    report.department = category.department
    report.answers = {k: v for k, v in report.answers.items()
                      if category.attributes.filter(code=k).exists()}  # fmt: skip
    if moved:
        report.assignee = None
    report.save()
    _entry(report, actor, ReportUpdate.Kind.CATEGORY, is_public=True, previous=previous,
           value=category.code)  # fmt: skip
    log_action(actor, "reports.report.category_changed", report,
               {"previous": previous, "category": category.code,
                "department": category.department.code})  # fmt: skip
    return report


@transaction.atomic
def set_priority(actor: Any, report: Report, *, priority: str) -> Report:
    report = _locked(actor, report)
    if priority not in Priority.values:
        raise ValidationError({"priority": [_("優先度を選んでください。")]})
    previous = report.priority
    report.priority = priority
    report.save(update_fields=["priority", "updated_at"])
    _entry(report, actor, ReportUpdate.Kind.PRIORITY, previous=previous, value=priority)
    log_action(
        actor, "reports.report.priority", report, {"previous": previous, "priority": priority}
    )
    return report


@transaction.atomic
def set_due_date(actor: Any, report: Report, *, due: date | None) -> Report:
    report = _locked(actor, report)
    previous = report.due_date.isoformat() if report.due_date else ""
    report.due_date = due
    report.save(update_fields=["due_date", "updated_at"])
    _entry(report, actor, ReportUpdate.Kind.DUE, previous=previous,
           value=due.isoformat() if due else "")  # fmt: skip
    log_action(actor, "reports.report.due_date", report, {"due": due.isoformat() if due else None})
    return report


@transaction.atomic
def add_photos(actor: Any, report: Report, *, uploads: list[Any], public: bool = False) -> int:
    """Staff's photos (the repair done, the site): private unless they choose otherwise."""
    report = _locked(actor, report)
    processed = photos.process_all(list(uploads))
    for photo in processed:
        stored = ReportPhoto(report=report, width=photo.width, height=photo.height,
                             is_public=public, added_by_staff=True)  # fmt: skip
        stored.image.save("photo.jpg", photo.content, save=False)
        stored.save()
    _entry(report, actor, ReportUpdate.Kind.PHOTO, value=str(len(processed)))
    log_action(actor, "reports.photos.added", report, {"count": len(processed), "public": public})
    return len(processed)


@transaction.atomic
def set_photo_public(actor: Any, photo: ReportPhoto, *, public: bool) -> ReportPhoto:
    _locked(actor, photo.report)
    photo.is_public = public
    photo.save(update_fields=["is_public"])
    log_action(actor, "reports.photo.published" if public else "reports.photo.hidden", photo,
               {"report": photo.report_id})  # fmt: skip
    return photo


def check_purpose(purpose: Any) -> str:
    purpose = " ".join(str(purpose or "").split())
    if not purpose:
        raise ValidationError({"purpose": [_("閲覧の目的を入力してください。")]})
    return purpose[:PURPOSE_MAX]


def read_contact(actor: Any, report: Report, *, purpose: str) -> ReporterContact | None:
    """The reporter's name, e-mail and phone, for the routed department's editors; audited."""
    if not can_read_contact(actor, report):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    purpose = check_purpose(purpose)
    contact = ReporterContact.objects.filter(report=report).first()
    log_action(actor, "reports.contact.read", report, {"purpose": purpose, "found": bool(contact)})
    return contact


def open_states() -> frozenset[str]:
    return OPEN_STATES
