"""Back office for inquiries: the inbox of one's departments, opening one (an audited read of
personal data, with a purpose), replying by e-mail, closing, handing over to another department,
and the response-time figures per department.

An inquiry of another department answers 404, as if it did not exist: its reference number and
subject are not for other departments to learn."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import departments_for

from . import selectors, services_inquiries
from .forms_staff import PeriodForm, PurposeForm, ReplyForm, TransferForm
from .models import Inquiry, InquiryStatus
from .texts import text_for

PURPOSES_SESSION_KEY = "faq_inquiry_purposes"
STATUS_FILTERS = ["open", *InquiryStatus.values, "all"]


def _handled_inquiry(request: HttpRequest, pk: int) -> Inquiry:
    return get_object_or_404(selectors.inquiries_for(request.user), pk=pk)


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if not departments_for(request.user, "faq.handle_inquiries"):
        raise PermissionDenied(_("お問い合わせに対応する権限がありません。"))
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    inquiries = selectors.inquiries_for(request.user)
    if status == "open":
        inquiries = inquiries.exclude(status=InquiryStatus.CLOSED)
    elif status != "all":
        inquiries = inquiries.filter(status=status)
    context = {
        "inquiries": inquiries[:500],
        "status": status,
        "filters": [
            ("open", _("未完了")),
            *[(value, label) for value, label in InquiryStatus.choices],
            ("all", _("すべて")),
        ],
    }
    return render(request, "faq/staff/inquiries.html", context)


def _purpose(request: HttpRequest, inquiry: Inquiry) -> str | None:
    return request.session.get(PURPOSES_SESSION_KEY, {}).get(str(inquiry.pk))


def _remember_purpose(request: HttpRequest, inquiry: Inquiry, purpose: str) -> None:
    purposes = dict(request.session.get(PURPOSES_SESSION_KEY, {}))
    purposes[str(inquiry.pk)] = purpose
    request.session[PURPOSES_SESSION_KEY] = dict(list(purposes.items())[-100:])


def _detail_page(
    request: HttpRequest, inquiry: Inquiry, reply_form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    """The inquiry with its personal data. Each display is a read written to the audit log
    with the purpose the staff member gave when they first opened it in this session."""
    inquiry = services_inquiries.open_inquiry(
        request.user, inquiry, purpose=_purpose(request, inquiry) or ""
    )
    context = {
        "inquiry": inquiry,
        "replies": inquiry.replies.select_related("author"),
        "came_from": text_for(inquiry.answer, "ja") if inquiry.answer else None,
        "reply_form": reply_form or ReplyForm(),
        "transfer_form": TransferForm(exclude=inquiry.department),
    }
    return render(request, "faq/staff/inquiry_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _handled_inquiry(request, pk)
    if request.method == "GET" and _purpose(request, inquiry):
        return _detail_page(request, inquiry)
    form = PurposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The read itself (and its audit record) happens on the page this leads to.
        _remember_purpose(request, inquiry, form.cleaned_data["purpose"])
        return redirect("staff:faq:inquiry", pk=inquiry.pk)
    return render(
        request,
        "faq/staff/inquiry_open.html",
        {"inquiry": inquiry, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _handled_inquiry(request, pk)
    if not _purpose(request, inquiry):
        return redirect("staff:faq:inquiry", pk=inquiry.pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, inquiry, form, status=400)
    try:
        services_inquiries.reply_to_inquiry(
            request.user, inquiry, form.cleaned_data["body"], close=form.cleaned_data["close"]
        )
    except ValidationError as error:
        if error.code == "closed":  # the page no longer offers a reply form
            messages.error(request, error.messages[0])
            return redirect("staff:faq:inquiry", pk=inquiry.pk)
        for text in error.messages:
            form.add_error("body", text)
        return _detail_page(request, inquiry, form, status=400)
    except services_inquiries.MailNotSentError:
        form.add_error(
            None,
            _(
                "メールを送信できませんでした。入力した回答はそのままです。時間をおいて、もう一度送信してください。"
            ),
        )
        return _detail_page(request, inquiry, form, status=503)
    messages.success(request, _("回答をメールで送信しました。"))
    return redirect("staff:faq:inquiry", pk=inquiry.pk)


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _handled_inquiry(request, pk)
    services_inquiries.close_inquiry(request.user, inquiry)
    messages.success(request, _("対応を完了にしました。"))
    return redirect("staff:faq:inquiry", pk=inquiry.pk)


@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _handled_inquiry(request, pk)
    form = TransferForm(request.POST, exclude=inquiry.department)
    if not form.is_valid():
        messages.error(request, _("回送先の所管課を選んでください。"))
        return redirect("staff:faq:inquiry", pk=inquiry.pk)
    try:
        services_inquiries.transfer_inquiry(request.user, inquiry, form.cleaned_data["department"])
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("staff:faq:inquiry", pk=inquiry.pk)
    messages.success(request, _("お問い合わせを回送しました。"))
    return redirect("staff:faq:inquiries")


@permission_required("faq.view_reports")
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    per_department, total = selectors.response_times(start, end)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "per_department": per_department,
        "total": total,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "faq/staff/inquiry_figures.html", context, status=status)
