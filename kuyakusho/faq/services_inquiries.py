"""Inquiries: a resident sends one when the FAQ did not help; it goes to the responsible
department, whose staff open it (an audited read of personal data), reply by e-mail from the
back office, and close it. Receipt, first reply and closing are timed for the figures page."""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department
from kuyakusho.core.services import active_ward

from .models import Answer, Category, Inquiry, InquiryReply, InquiryStatus
from .validation import clean_email, clean_single_line, clean_text

logger = logging.getLogger(__name__)

SUBJECT_MAX = 100
BODY_MAX = 2000
NAME_MAX = 60
REPLY_MAX = 10_000
PURPOSE_MAX = 200
# No 0/O, 1/I/L: the reference is read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class InquiryDraft:
    """What the resident typed (the form and any other client build this)."""

    category: Category
    subject: str
    body: str
    email: str
    name: str = ""
    answer: Answer | None = None  # the FAQ answer that did not help, when they came from one
    language: str = "ja"


def route(category: Category, answer: Answer | None) -> Department:
    """The department that answers: the one responsible for the FAQ answer the resident came
    from, unless they chose another category; otherwise the category's department."""
    if answer is not None and answer.category_id == category.pk:
        return answer.department
    return category.department


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def clean_draft(draft: InquiryDraft) -> InquiryDraft:
    """Check every field; raise one ValidationError naming each field that is wrong."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned = {}
    checks = {
        "subject": lambda: clean_single_line(
            draft.subject, label=_("件名"), max_length=SUBJECT_MAX, required=True
        ),
        "body": lambda: clean_text(
            draft.body, label=_("お問い合わせの内容"), max_length=BODY_MAX, required=True
        ),
        "name": lambda: clean_single_line(
            draft.name, label=_("お名前"), max_length=NAME_MAX, required=False
        ),
        "email": lambda: clean_email(draft.email),
    }
    for name, check in checks.items():
        try:
            cleaned[name] = check()
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)
    language = draft.language if draft.language in LANGUAGE_CODES else settings.LANGUAGE_CODE
    return InquiryDraft(category=draft.category, answer=draft.answer, language=language, **cleaned)


def submit_inquiry(draft: InquiryDraft) -> Inquiry:
    """Store the inquiry for its department and mail the resident a confirmation that holds
    the reference number only: should the address be mistyped, a stranger learns nothing."""
    draft = clean_draft(draft)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                inquiry = Inquiry.objects.create(
                    reference=new_reference(),
                    department=route(draft.category, draft.answer),
                    category=draft.category,
                    answer=draft.answer,
                    subject=draft.subject,
                    body=draft.body,
                    name=draft.name,
                    email=draft.email,
                    language=draft.language,
                )
                # Codes only: the audit log must not copy what the resident wrote.
                log_action(
                    None,
                    "faq.inquiry.received",
                    inquiry,
                    {
                        "department": inquiry.department.code,
                        "category": draft.category.code,
                        "answer": draft.answer.pk if draft.answer else None,
                    },
                )
                transaction.on_commit(partial(_send_confirmation, inquiry))
                return inquiry
        except IntegrityError:  # the random reference was taken: draw another
            continue
    raise RuntimeError("could not draw a free inquiry reference")


def _ward_name(language: str) -> str:
    ward = active_ward()
    return ward.display_name(language) if ward else _("区役所")


def _send_confirmation(inquiry: Inquiry) -> None:
    with override(inquiry.language):
        department = inquiry.department.display_name(inquiry.language)
        subject = _("お問い合わせを受け付けました（受付番号 %(reference)s）") % {
            "reference": inquiry.reference
        }
        body = _(
            "%(ward)sへのお問い合わせを受け付けました。\n\n受付番号: %(reference)s\n担当: %(department)s\n\n担当課から、このメールアドレスあてに回答します。お問い合わせの内容は、このメールには書いていません。\n\n心当たりがない場合は、このメールを破棄してください。このメールには返信できません。"
        ) % {
            "ward": _ward_name(inquiry.language),
            "reference": inquiry.reference,
            "department": department,
        }
    # The inquiry is stored whatever happens to this mail; a failure is kept in the outbox.
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [inquiry.email], fail_silently=True)


# --- Staff -----------------------------------------------------------------------------------


def open_inquiry(actor: Any, inquiry: Inquiry, *, purpose: str) -> Inquiry:
    """A staff read of an inquiry (name, address, text): only the department it is routed to,
    and written to the audit log with the purpose."""
    authorize(actor, "faq.handle_inquiries", inquiry.department)
    purpose = clean_single_line(
        purpose, label=_("閲覧の目的"), max_length=PURPOSE_MAX, required=True
    )
    log_action(actor, "faq.inquiry.personal_data_read", inquiry, {"purpose": purpose})
    return inquiry


class MailNotSentError(Exception):
    """The reply could not be handed to the mail server; nothing was recorded as sent."""


def reply_to_inquiry(
    actor: Any, inquiry: Inquiry, body: str, *, close: bool = False
) -> InquiryReply:
    """Send the reply by e-mail and keep it. The first reply stops the first-reply clock;
    with `close` the inquiry is also closed. When the mail server refuses, nothing is stored
    and MailNotSentError is raised so the staff member can try again with their text intact."""
    authorize(actor, "faq.handle_inquiries", inquiry.department)
    body = clean_text(body, label=_("回答"), max_length=REPLY_MAX, required=True)
    try:
        with transaction.atomic():
            locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
            authorize(actor, "faq.handle_inquiries", locked.department)
            if locked.status == InquiryStatus.CLOSED:
                raise ValidationError(_("完了したお問い合わせには回答できません。"), code="closed")
            now = timezone.now()
            reply = InquiryReply.objects.create(
                inquiry=locked, author=actor, body=body, sent_at=now
            )
            _send_reply(locked, reply)
            locked.first_replied_at = locked.first_replied_at or now
            locked.status = InquiryStatus.ANSWERED
            fields = ["first_replied_at", "status"]
            if close:
                locked.status, locked.closed_at = InquiryStatus.CLOSED, now
                fields.append("closed_at")
            locked.save(update_fields=fields)
            log_action(actor, "faq.inquiry.replied", locked, {"reply": reply.pk, "closed": close})
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("reply to inquiry %s not sent: %s", inquiry.pk, type(error).__name__)
        log_action(actor, "faq.inquiry.reply_failed", inquiry, {"error": type(error).__name__})
        raise MailNotSentError from error
    inquiry.refresh_from_db()
    return reply


def _send_reply(inquiry: Inquiry, reply: InquiryReply) -> None:
    department = inquiry.department
    with override(inquiry.language):
        subject = _("お問い合わせへの回答（受付番号 %(reference)s）") % {
            "reference": inquiry.reference
        }
        signature = "\n".join(
            line
            for line in [
                "――",
                f"{_ward_name(inquiry.language)} {department.display_name(inquiry.language)}",
                _("受付番号: %(reference)s") % {"reference": inquiry.reference},
                department.phone and _("電話: %(phone)s") % {"phone": department.phone},
            ]
            if line
        )
    message = EmailMessage(
        subject,
        f"{reply.body}\n\n{signature}\n",
        settings.DEFAULT_FROM_EMAIL,
        [inquiry.email],
        reply_to=[department.email] if department.email else None,
    )
    message.send(fail_silently=False)


@transaction.atomic
def close_inquiry(actor: Any, inquiry: Inquiry) -> Inquiry:
    authorize(actor, "faq.handle_inquiries", inquiry.department)
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    authorize(actor, "faq.handle_inquiries", locked.department)
    if locked.status != InquiryStatus.CLOSED:
        locked.status, locked.closed_at = InquiryStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        log_action(actor, "faq.inquiry.closed", locked, {"replied": bool(locked.first_replied_at)})
    return locked


@transaction.atomic
def transfer_inquiry(actor: Any, inquiry: Inquiry, department: Department) -> Inquiry:
    """Hand an inquiry to the department that should answer it (the resident chose the wrong
    category). The clocks keep running from receipt: the resident has been waiting since then."""
    authorize(actor, "faq.handle_inquiries", inquiry.department)
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    authorize(actor, "faq.handle_inquiries", locked.department)
    if locked.status == InquiryStatus.CLOSED:
        raise ValidationError(_("完了したお問い合わせは回送できません。"), code="closed")
    if department.pk == locked.department_id:
        raise ValidationError(_("すでにこの所管課のお問い合わせです。"), code="same")
    previous = locked.department.code
    locked.department = department
    locked.save(update_fields=["department"])
    log_action(actor, "faq.inquiry.transferred", locked, {"from": previous, "to": department.code})
    return locked
