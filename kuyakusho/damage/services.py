"""Every change to damage reports: filing (staff, shelter, resident), review by the disaster
HQ, the response status, photo publication, and the audited read of a resident's contact.
Every function checks the permission itself and writes both a ReportEvent (the HQ's timeline)
and an audit record (core.audit.log_action, also the event bus). Audit data holds codes and
counts only — never the description, the address, a name or a contact.

Staff reports are trusted: a report filed by staff (or from a shelter) is 確認済み at once,
since the person saw it and answers for it; unless filed as hearsay (伝聞), which the HQ
verifies like a resident's report. Residents' reports wait for the HQ's verification before
anything of them is public.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize, has_permission
from kuyakusho.core import photos
from kuyakusho.core.audit import log_action
from kuyakusho.core.geo import point_in_geometry
from kuyakusho.core.validation import FieldChecks
from kuyakusho.notifications.selectors import areas
from kuyakusho.shelters import selectors as shelter_selectors
from kuyakusho.shelters import services as shelter_services

from . import validation
from .kinds import CASUALTY_FIELDS, TRANSITIONS, Kind, Lifeline, Response, Severity, Source, Status
from .models import DamagePhoto, DamageReport, ReportEvent, ResidentContact

REPORT = "damage.report"
MANAGE = "damage.manage"
CONTACTS = "damage.resident_contacts"
PURPOSE_MAX = 200
AREA_KIND_ORDER = {"district": 0, "town": 1, "school": 2}


@dataclass
class ReportInput:
    kind: str
    severity: str
    lat: Any
    lon: Any
    lifeline: str = ""
    address: str = ""
    description: str = ""
    dead: Any = 0
    injured: Any = 0
    missing: Any = 0
    needs_rescue: Any = 0
    observed_at: datetime | None = None
    is_exercise: bool = False
    hearsay: bool = False
    shelter_id: int | None = None
    photos: list[Any] = field(default_factory=list)
    # A resident's details (personal data, kept apart in ResidentContact).
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    # The key of a question the person answered "yes" to (validation.ReportQuestioned).
    confirmed_key: str = ""


# --- who may do what --------------------------------------------------------------------------
def can_report(actor: Any) -> bool:
    return has_permission(actor, REPORT)


def can_manage(actor: Any) -> bool:
    return has_permission(actor, MANAGE)


def can_read_contacts(actor: Any) -> bool:
    return has_permission(actor, CONTACTS)


def reportable_shelters(actor: Any) -> list[Any]:
    """Shelters `actor` may file for: the ones their department runs; every one for the HQ."""
    return [s for s in shelter_selectors.active() if shelter_services.can_report(actor, s)]


# --- filing -----------------------------------------------------------------------------------
def file_staff_report(actor: Any, data: ReportInput) -> DamageReport:
    """A staff member's report; from a shelter when `data.shelter_id` names one they run."""
    authorize(actor, REPORT)
    shelter = None
    if data.shelter_id is not None:
        shelter = shelter_selectors.active().filter(pk=data.shelter_id).first()
        if shelter is None:
            raise ValidationError({"shelter": [_("選んだ避難所が見つかりません。")]})
        if not shelter_services.can_report(actor, shelter):
            raise PermissionDenied(_("この避難所から報告する権限がありません。"))
    source = Source.SHELTER if shelter is not None else Source.STAFF
    trusted = not data.hearsay
    return _file(actor, data, source=source, shelter=shelter, trusted=trusted)


def file_resident_report(data: ReportInput) -> DamageReport:
    """A resident's report (no account needed): 未確認 until the HQ verifies it."""
    data.hearsay = False
    return _file(None, data, source=Source.RESIDENT, shelter=None, trusted=False)


def _clean(data: ReportInput) -> dict[str, Any]:
    fields = FieldChecks()
    check, errors, values = fields.check, fields.errors, fields.values

    if data.kind not in Kind.values:
        errors["kind"] = [_("被害の種類を選んでください。")]
    if data.kind == Kind.LIFELINE and data.lifeline not in Lifeline.values:
        errors["lifeline"] = [
            _("ライフラインの種類（電気・上水道・下水道・ガス・通信）を選んでください。")
        ]
    elif data.kind != Kind.LIFELINE and data.lifeline:
        errors["lifeline"] = [
            _("ライフラインの種類は、被害の種類が「ライフライン」のときだけ選べます。")
        ]
    if data.severity not in Severity.values:
        errors["severity"] = [_("被害の程度を選んでください。")]
    check("position", validation.clean_position, data.lat, data.lon)
    check("address", validation.clean_line, data.address, label=_("住所・目印"),
          max_length=validation.ADDRESS_MAX)  # fmt: skip
    check("description", validation.clean_text, data.description, label=_("被害の状況"),
          max_length=validation.DESCRIPTION_MAX)  # fmt: skip
    labels = {"dead": _("死者"), "injured": _("負傷者"), "missing": _("行方不明"),
              "needs_rescue": _("要救助")}  # fmt: skip
    for name in CASUALTY_FIELDS:
        check(name, validation.clean_count, getattr(data, name), label=labels[name])
    check("observed_at", validation.clean_observed_at, data.observed_at)
    check("contact_name", validation.clean_line, data.contact_name, label=_("お名前"),
          max_length=60)  # fmt: skip
    check("contact_phone", validation.clean_phone, data.contact_phone)
    check("contact_email", validation.clean_email, data.contact_email)
    if errors:
        raise ValidationError(errors)
    return values


def _area_for(lat: float, lon: float) -> Any:
    candidates = sorted(
        areas().exclude(polygon=None),
        key=lambda a: (AREA_KIND_ORDER.get(a.kind, 9), a.code),
    )
    for area in candidates:
        if point_in_geometry(lat, lon, area.polygon):
            return area
    return None


@transaction.atomic
def _file(
    actor: Any, data: ReportInput, *, source: str, shelter: Any, trusted: bool
) -> DamageReport:
    values = _clean(data)
    lat, lon, outside = values["position"]
    counts = {name: values[name] for name in CASUALTY_FIELDS}
    questions = validation.questions_for(outside, counts)
    key = validation.question_key(lat, lon, counts)
    if questions and data.confirmed_key != key:
        raise validation.ReportQuestioned(questions, key)
    processed = photos.process_all(list(data.photos))
    now = timezone.now()
    report = DamageReport.objects.create(
        kind=data.kind,
        lifeline=data.lifeline if data.kind == Kind.LIFELINE else "",
        severity=data.severity,
        lat=lat,
        lon=lon,
        outside_ward=outside,
        area=_area_for(lat, lon),
        address=values["address"],
        description=values["description"],
        numbers_confirmed=bool(questions)
        and any(counts[n] > validation.COUNT_QUESTIONED for n in CASUALTY_FIELDS),
        source=source,
        shelter=shelter,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        hearsay=data.hearsay,
        is_exercise=data.is_exercise,
        status=Status.VERIFIED if trusted else Status.UNVERIFIED,
        observed_at=values["observed_at"],
        reported_at=now,
        verified_at=now if trusted else None,
        **counts,
    )
    for photo in processed:
        stored = DamagePhoto(report=report, width=photo.width, height=photo.height)
        stored.image.save("photo.jpg", photo.content, save=False)
        stored.save()
    contact = {
        "name": values["contact_name"],
        "phone": values["contact_phone"],
        "email": values["contact_email"],
    }
    if source == Source.RESIDENT and any(contact.values()):
        ResidentContact.objects.create(report=report, **contact)
    ReportEvent.objects.create(
        report=report, at=now, actor=report.reported_by, action=ReportEvent.Action.FILED,
        value=report.status,
    )  # fmt: skip
    log_action(
        actor,
        "damage.report.filed",
        report,
        {
            "kind": report.kind,
            "severity": report.severity,
            "source": source,
            "status": report.status,
            "exercise": report.is_exercise,
            "area": report.area.code if report.area else None,
            "photos": len(processed),
            "casualties": report.casualties,
            "with_contact": source == Source.RESIDENT and any(contact.values()),
        },
    )
    return report


# --- review by the HQ -------------------------------------------------------------------------
def _check_note(note: str) -> str:
    return validation.clean_text(note, label=_("メモ"), max_length=validation.NOTE_MAX)


@transaction.atomic
def review(
    actor: Any,
    report: DamageReport,
    *,
    status: str,
    note: str = "",
    duplicate_of: DamageReport | None = None,
) -> DamageReport:
    """Verify, mark as a duplicate of another report, reject, or reopen. Only the moves in
    kinds.TRANSITIONS are possible; a form sent from a stale screen is refused, not applied."""
    authorize(actor, MANAGE)
    report = DamageReport.objects.select_for_update().get(pk=report.pk)
    try:
        note = _check_note(note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from None
    if status not in TRANSITIONS.get(report.status, ()):
        raise ValidationError(
            _("「%(current)s」の報告を「%(wanted)s」にはできません。画面を読み込み直してください。")
            % {
                "current": Status(report.status).label,
                "wanted": Status(status).label if status in Status.values else status,
            },
            code="transition",
        )
    if status == Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == report.pk:
            raise ValidationError(
                {"duplicate_of": [_("重複とするときは、元の報告の番号を入力してください。")]}
            )
        while duplicate_of.duplicate_of_id is not None and duplicate_of.status == Status.DUPLICATE:
            duplicate_of = duplicate_of.duplicate_of  # point at the original, never a chain
        if duplicate_of.pk == report.pk:
            raise ValidationError({"duplicate_of": [_("この報告自身を元の報告にはできません。")]})
    previous = report.status
    report.status = status
    report.duplicate_of = duplicate_of if status == Status.DUPLICATE else None
    if status == Status.VERIFIED:
        report.verified_at = timezone.now()
    report.save(update_fields=["status", "duplicate_of", "verified_at", "updated_at"])
    ReportEvent.objects.create(
        report=report, at=timezone.now(), actor=actor, action=ReportEvent.Action.REVIEWED,
        previous=previous, value=status, note=note,
    )  # fmt: skip
    log_action(
        actor,
        "damage.report.reviewed",
        report,
        {
            "previous": previous,
            "status": status,
            "duplicate_of": report.duplicate_of_id,
            "exercise": report.is_exercise,
        },
    )
    return report


@transaction.atomic
def set_response(
    actor: Any, report: DamageReport, *, response: str, note: str = ""
) -> DamageReport:
    """対応中 / 対応済み (or back to 未対応) for a verified report."""
    authorize(actor, MANAGE)
    report = DamageReport.objects.select_for_update().get(pk=report.pk)
    if response not in Response.values:
        raise ValidationError({"response": [_("対応状況を選んでください。")]})
    if report.status != Status.VERIFIED:
        raise ValidationError(
            _("対応状況は、確認済みの報告にだけ記録できます。先に報告を確認してください。"),
            code="not_verified",
        )
    try:
        note = _check_note(note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from None
    previous = report.response
    if previous == response:
        raise ValidationError(
            _("対応状況はすでに「%(value)s」です。") % {"value": Response(response).label},
            code="unchanged",
        )
    report.response = response
    report.save(update_fields=["response", "updated_at"])
    ReportEvent.objects.create(
        report=report, at=timezone.now(), actor=actor, action=ReportEvent.Action.RESPONSE,
        previous=previous, value=response, note=note,
    )  # fmt: skip
    log_action(
        actor,
        "damage.report.response",
        report,
        {"previous": previous, "response": response, "exercise": report.is_exercise},
    )
    return report


@transaction.atomic
def set_photo_public(actor: Any, photo: DamagePhoto, *, public: bool) -> DamagePhoto:
    authorize(actor, MANAGE)
    photo = DamagePhoto.objects.select_for_update().get(pk=photo.pk)
    if photo.is_public == public:
        return photo
    photo.is_public = public
    photo.save(update_fields=["is_public"])
    ReportEvent.objects.create(
        report_id=photo.report_id, at=timezone.now(), actor=actor,
        action=ReportEvent.Action.PHOTO, value="public" if public else "private",
    )  # fmt: skip
    log_action(actor, "damage.photo.published" if public else "damage.photo.withdrawn", photo,
               {"report": photo.report_id})  # fmt: skip
    return photo


# --- personal data --------------------------------------------------------------------------
def check_purpose(purpose: str) -> str:
    purpose = " ".join(str(purpose or "").split())
    if not purpose:
        raise ValidationError({"purpose": [_("閲覧の目的を入力してください。")]})
    return purpose[:PURPOSE_MAX]


def read_resident_contact(
    actor: Any, report: DamageReport, *, purpose: str
) -> ResidentContact | None:
    """The resident's name and contact, for crisis management, with the read audited."""
    authorize(actor, CONTACTS)
    purpose = check_purpose(purpose)
    contact = ResidentContact.objects.filter(report=report).first()
    log_action(actor, "damage.contact.read", report, {"purpose": purpose, "found": bool(contact)})
    return contact
