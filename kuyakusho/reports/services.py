"""Citizen reports from the public side: submitting (a resident with an account, with an
e-mail address confirmed by a link, an Open311 client with an api_key, or staff entering a
phone or counter report), confirming, following, and the followers' notifications.

Every function checks what it needs itself and writes an audit record (core.audit.log_action,
also the event bus). Audit data holds codes and counts only — never the description, a name
or an address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kuyakusho.accounts.services import authorize
from kuyakusho.core import photos
from kuyakusho.core.audit import log_action
from kuyakusho.core.validation import FieldChecks
from kuyakusho.notifications import subscriptions as notification_subscriptions

from . import selectors, validation
from .models import ApiKey, Category, Follower, Report, ReporterContact, ReportPhoto, ReportUpdate
from .states import Source, State

FOLLOW_TOPIC = "report-updates"


class NotFoundError(Exception):
    """A link or token that names nothing (or nothing any more)."""


@dataclass
class ReportInput:
    category: str
    lat: Any
    lon: Any
    description: str = ""
    address: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    photos: list[Any] = field(default_factory=list)
    show_name: bool = False
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "ja"


def active_category(code: str) -> Category:
    category = selectors.categories().filter(code=str(code or "")[:40]).first()
    if category is None:
        raise ValidationError({"category": [_("レポートの種類を選んでください。")]}, code="unknown")
    return category


def _clean(data: ReportInput, *, email_required: bool) -> dict[str, Any]:
    fields = FieldChecks()
    check, errors, values = fields.check, fields.errors, fields.values

    check("category", active_category, data.category)
    check("position", validation.clean_position, data.lat, data.lon)
    check("description", validation.clean_text, data.description, label=_("内容"),
          max_length=validation.DESCRIPTION_MAX, required=True)  # fmt: skip
    check("address", validation.clean_line, data.address, label=_("住所・目印"),
          max_length=validation.ADDRESS_MAX)  # fmt: skip
    check("name", validation.clean_line, data.name, label=_("お名前"),
          max_length=validation.NAME_MAX)  # fmt: skip
    check("email", validation.clean_email, data.email, required=email_required)
    check("phone", validation.clean_phone, data.phone)
    if "category" in values:
        attributes = list(values["category"].attributes.all())
        check("answers", validation.clean_answers, attributes, data.answers or {})
    if data.show_name and not (values.get("name") or "").strip():
        errors.setdefault("name", []).append(
            _("名前を公開するときは、公開する名前を入力してください。")
        )
    if len(data.photos) > photos.MAX_PHOTOS:
        errors.setdefault("photos", []).append(photos.too_many_message())
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def submit_report(
    actor: Any,
    data: ReportInput,
    *,
    source: str = Source.WEB,
    api_key: ApiKey | None = None,
) -> Report:
    """Store a report routed to its category's department.

    - A signed-in resident (web): public at once, and they follow it.
    - No account (web): the e-mail address is required; the report stays invisible until the
      address is confirmed by the link mailed now.
    - Open311 (`api_key`): public at once; the integrator answers for its users.
    - Staff entering a phone or counter report (`source` phone/counter): public at once.
    """
    signed_in = getattr(actor, "is_authenticated", False)
    on_behalf = source in (Source.PHONE, Source.COUNTER)
    if on_behalf:
        authorize(actor, "reports.enter")
    if source == Source.OPEN311 and api_key is None:
        raise ValueError("an Open311 report needs its api_key")
    needs_confirmation = source == Source.WEB and not signed_in
    values = _clean(data, email_required=needs_confirmation)
    processed = photos.process_all(list(data.photos))
    category: Category = values["category"]
    lat, lon = values["position"]
    now = timezone.now()
    resident = actor if signed_in and source == Source.WEB else None
    name = values["name"]
    report = Report.objects.create(
        category=category,
        department=category.department,
        lat=lat,
        lon=lon,
        address=values["address"],
        description=values["description"],
        answers=values["answers"],
        show_name=bool(data.show_name),
        public_name=name if data.show_name else "",
        reporter=resident,
        entered_by=actor if on_behalf else None,
        source=source,
        api_key=api_key,
        confirmation_token=secrets.token_urlsafe(32) if needs_confirmation else "",
        confirmed_at=None if needs_confirmation else now,
        requested_at=now,
    )
    for photo in processed:
        stored = ReportPhoto(report=report, width=photo.width, height=photo.height)
        stored.image.save("photo.jpg", photo.content, save=False)
        stored.save()
    email = values["email"] or (resident.email if resident is not None else "")
    if name or email or values["phone"]:
        ReporterContact.objects.create(report=report, name=name, email=email, phone=values["phone"])
    ReportUpdate.objects.create(
        report=report, at=now, actor=actor if on_behalf else None, kind=ReportUpdate.Kind.FILED,
        is_public=True, value=State.RECEIVED,
    )  # fmt: skip
    if resident is not None:
        Follower.objects.create(
            report=report, user=resident, language=data.language, confirmed_at=now
        )
    if needs_confirmation:
        Follower.objects.create(report=report, email=email.lower(), language=data.language)
        transaction.on_commit(partial(_send_confirmation, report.pk, email, data.language))
    log_action(
        actor if (signed_in or on_behalf) else None,
        "reports.report.submitted",
        report,
        {
            "category": category.code,
            "department": category.department.code,
            "source": source,
            "photos": len(processed),
            "confirmed": report.confirmed_at is not None,
            "api_key": api_key.prefix if api_key else None,
        },
    )
    return report


def _send_confirmation(report_id: int, email: str, language: str) -> None:
    report = Report.objects.filter(pk=report_id).first()
    if report is None or not report.confirmation_token:
        return
    link = settings.SITE_URL + reverse("reports:confirm", args=[report.confirmation_token])
    with override(language):
        body = "\n".join(
            [
                _(
                    "区民レポートを受け付けました。次のリンクを開いて、メールアドレスを確認してください。"
                ),
                _("確認が済むまで、レポートは区の職員にも公開ページにも表示されません。"),
                "",
                link,
                "",
                _("心当たりがないときは、このメールを削除してください。"),
            ]
        )
        send_mail(
            _("区民レポートのメールアドレスの確認"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
            fail_silently=True,
        )


@transaction.atomic
def confirm_report(token: str) -> Report:
    """Open the confirmation link: the report becomes visible and its reporter follows it."""
    token = str(token or "")[:64]
    report = (
        Report.objects.select_for_update().filter(confirmation_token=token).first()
        if token
        else None
    )
    if report is None:
        raise NotFoundError(token)
    now = timezone.now()
    report.confirmed_at = now
    report.requested_at = now  # the inbox's clock starts when the ward can see it
    report.confirmation_token = ""
    report.save(update_fields=["confirmed_at", "requested_at", "confirmation_token", "updated_at"])
    Follower.objects.filter(report=report, user=None, confirmed_at=None).update(confirmed_at=now)
    log_action(None, "reports.report.confirmed", report, {"category": report.category.code})
    return report


# --- following ---------------------------------------------------------------------------------
@transaction.atomic
def follow(report: Report, *, user: Any = None, email: str = "", language: str = "ja") -> Follower:
    """A signed-in resident follows at once; an e-mail address once it confirms the link
    mailed now. Following twice changes nothing."""
    if not report.is_public:
        raise NotFoundError(report.pk)
    if getattr(user, "is_authenticated", False):
        follower, created = Follower.objects.get_or_create(
            report=report,
            user=user,
            defaults={"language": language, "confirmed_at": timezone.now()},
        )
        log_action(user, "reports.report.followed", report, {"by": "account", "new": created})
        return follower
    address = validation.clean_email(email, required=True).lower()
    follower, created = Follower.objects.get_or_create(
        report=report, email=address, defaults={"language": language}
    )
    if follower.confirmed_at is None:
        transaction.on_commit(partial(_send_follow_confirmation, follower.pk))
    log_action(None, "reports.report.followed", report, {"by": "email", "new": created})
    return follower


def _send_follow_confirmation(follower_id: int) -> None:
    follower = Follower.objects.select_related("report").filter(pk=follower_id).first()
    if follower is None:
        return
    link = settings.SITE_URL + reverse("reports:confirm_follow", args=[follower.token])
    with override(follower.language):
        body = "\n".join(
            [
                _("レポート %(reference)s の更新をお知らせするには、次のリンクを開いてください。")
                % {"reference": follower.report.reference},
                "",
                link,
                "",
                _("心当たりがないときは、このメールを削除してください。"),
            ]
        )
        send_mail(_("区民レポートのお知らせの確認"), body, settings.DEFAULT_FROM_EMAIL,
                  [follower.email], fail_silently=True)  # fmt: skip


@transaction.atomic
def confirm_follow(token: str) -> Follower:
    follower = Follower.objects.filter(token=str(token or "")[:40]).first() if token else None
    if follower is None:
        raise NotFoundError(token)
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
        log_action(None, "reports.follow.confirmed", follower.report, {})
    return follower


@transaction.atomic
def stop_following(token: str) -> Report:
    follower = Follower.objects.filter(token=str(token or "")[:40]).first() if token else None
    if follower is None:
        raise NotFoundError(token)
    report = follower.report
    follower.delete()
    log_action(None, "reports.follow.stopped", report, {})
    return report


def notify_followers(actor: Any, report: Report, update: ReportUpdate) -> int:
    """Send a public update to the report's confirmed followers through the notifications
    engine (e-mail, and the マイページ inbox for residents with an account). Returns how many."""
    followers = list(Follower.objects.filter(report=report, confirmed_at__isnull=False))
    if not followers:
        return 0
    recipients = []
    for follower in followers:
        try:
            recipients.append(
                notification_subscriptions.follower(
                    user=follower.user, email=follower.email, language=follower.language
                )
            )
        except ValidationError:
            continue  # an address the engine refuses (a role address): nobody to send to
    texts = {}
    for language in {"ja", "en"} | {f.language for f in followers}:
        with override(language):
            subject = _("区民レポート %(reference)s: %(state)s") % {
                "reference": report.reference,
                "state": selectors.state_label(report.state, language),
            }
            url = settings.SITE_URL + reverse("reports:detail", args=[report.pk])
            body = "\n".join(
                [
                    _("あなたがフォローしている区民レポートに、区からの更新があります。"),
                    "",
                    f"{_('種類')}: {report.category.display_name(language)}",
                    f"{_('状態')}: {selectors.state_label(report.state, language)}",
                    "",
                    update.text or "",
                    "",
                    url,
                ]
            )
        texts[language] = (subject, body)
    from kuyakusho.notifications import services as notifications

    notifications.ensure_direct_topic(
        FOLLOW_TOPIC, department=report.department, name_ja="区民レポートの更新",
        name_en="Citizen report updates",
    )  # fmt: skip
    message = notifications.send_to_people(
        author=actor, topic_code=FOLLOW_TOPIC, texts=texts, recipients=recipients,
        source="reports",
    )  # fmt: skip
    return len(recipients) if message is not None else 0
