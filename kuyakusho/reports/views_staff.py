"""Back office: the triage inbox of the departments a staff member works in, a report's page
with every step (state and answer, notes, assignment, priority, due date, category, forward,
merge, photos, the audited contact read), reports entered on a resident's behalf, figures and
exports. Thin views: the services check the permission for the report's department again and
record every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.services import authorize
from kuyakusho.core.forms import add_service_errors
from kuyakusho.core.geo import ward_map_config

from . import exports, representation, selectors, services, services_settings, services_staff
from .forms import (
    CategoryChangeForm,
    ContactForm,
    ForwardForm,
    MergeForm,
    NoteForm,
    ReportForm,
    StaffPhotosForm,
    StateForm,
    WorkForm,
    add_report_errors,
)
from .models import Report, ReportPhoto
from .states import OPEN_STATES, Source, State

PER_PAGE = 50


def _language() -> str:
    return get_language() or "ja"


def _report(request: HttpRequest, pk: int) -> Report:
    ids = services_staff.department_ids(request.user)
    try:
        return selectors.staff_report(pk, ids)
    except Report.DoesNotExist:
        raise PermissionDenied(_("このレポートを見る権限がありません。")) from None


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    ids = services_staff.department_ids(request.user)
    state = request.GET.get("state", "open")
    filters = selectors.Filters(
        states=sorted(OPEN_STATES) if state == "open" else ([state] if state in State.values else []),
        categories=[c for c in request.GET.getlist("category") if c][:20],
        assignee=request.user if request.GET.get("mine") else None,
    )  # fmt: skip
    reports = selectors.inbox(ids, filters)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    labels = selectors.state_labels(_language())
    context = {"page": page, "labels": labels, "state": state, "states": State,
               "has_departments": bool(ids), "query": request.GET.urlencode(),
               "can_enter": services_staff.can_enter(request.user)}  # fmt: skip
    return render(request, "reports/staff/inbox.html", context)


def _detail_context(request: HttpRequest, report: Report, **forms_: object) -> dict:
    people = services_staff.assignable(report)
    context = {
        "report": report,
        "labels": selectors.state_labels(_language()),
        "timeline": report.updates.select_related("actor"),
        "photos": report.photos.all(),
        "answers": representation.answers(report, _language()),
        "can_handle": services_staff.can_handle(request.user, report),
        "can_read_contact": services_staff.can_read_contact(request.user, report),
        "templates": services_settings.templates_for(report.department),
        "state_form": StateForm(initial={"state": report.state}),
        "note_form": NoteForm(),
        "work_form": WorkForm(people=people, initial={
            "assignee": report.assignee_id, "priority": report.priority,
            "due_date": report.due_date}),
        "category_form": CategoryChangeForm(categories=list(selectors.categories()),
                                            initial={"category": report.category.code}),
        "forward_form": ForwardForm(),
        "merge_form": MergeForm(),
        "photos_form": StaffPhotosForm(),
        "contact_form": ContactForm(),
        "contact": None,
        "map_config": {**ward_map_config(), "zoom": 17, "centre": [report.lat, report.lon]},
    }  # fmt: skip
    context.update(forms_)
    return context


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """?template=<id> fills the answer with one of the department's response templates."""
    report = _report(request, pk)
    extra = {}
    chosen = request.GET.get("template", "")
    template = next((t for t in services_settings.templates_for(report.department)
                     if str(t.pk) == chosen), None)  # fmt: skip
    if template is not None:
        extra["state_form"] = StateForm(initial={"state": template.state, "text": template.text})
    return render(request, "reports/staff/detail.html", _detail_context(request, report, **extra))


def _act(request: HttpRequest, pk: int, form_name: str, form, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Run `action(report, cleaned_data)` for a valid form; on refusal, the page again with
    the form as typed and the reason beside it."""
    report = _report(request, pk)
    if form.is_valid():
        try:
            action(report, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("staff:reports:detail", pk=report.pk)
    report.refresh_from_db()
    return render(request, "reports/staff/detail.html",
                  _detail_context(request, report, **{form_name: form}), status=400)  # fmt: skip


@require_POST
def change_state(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "state_form", StateForm(request.POST),
                lambda r, d: services_staff.change_state(request.user, r, state=d["state"],
                                                         text=d["text"]))  # fmt: skip


@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "note_form", NoteForm(request.POST),
                lambda r, d: services_staff.add_note(request.user, r, text=d["text"]))  # fmt: skip


@require_POST
def work(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    people = services_staff.assignable(report)
    form = WorkForm(request.POST, people=people)

    def action(r: Report, d: dict) -> None:
        assignee = next((p for p in people if p.pk == d["assignee"]), None)
        if assignee != r.assignee:
            services_staff.assign(request.user, r, assignee=assignee)
        if d["priority"] != r.priority:
            services_staff.set_priority(request.user, r, priority=d["priority"])
        if d["due_date"] != r.due_date:
            services_staff.set_due_date(request.user, r, due=d["due_date"])

    return _act(request, pk, "work_form", form, action)


@require_POST
def change_category(request: HttpRequest, pk: int) -> HttpResponse:
    categories = list(selectors.categories())
    form = CategoryChangeForm(request.POST, categories=categories)

    def action(r: Report, d: dict) -> None:
        category = next(c for c in categories if c.code == d["category"])
        services_staff.change_category(request.user, r, category=category)

    report = _report(request, pk)
    if form.is_valid():
        try:
            action(report, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("種類を変更しました。担当課が変わったときは、その課の受付一覧に移ります。"),
            )
            report.refresh_from_db()
            if report.department_id in services_staff.department_ids(request.user):
                return redirect("staff:reports:detail", pk=report.pk)
            return redirect("staff:reports:inbox")
    return render(request, "reports/staff/detail.html",
                  _detail_context(request, report, category_form=form), status=400)  # fmt: skip


@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "forward_form", ForwardForm(request.POST),
                lambda r, d: services_staff.forward(request.user, r, manager=d["manager"],
                                                    text=d["text"]))  # fmt: skip


@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    form = MergeForm(request.POST)

    def action(r: Report, d: dict) -> None:
        original_id = form.original_id()
        original = selectors.public().filter(pk=original_id).first() if original_id else None
        if original is None:
            raise ValidationError(
                {"original": [_("元のレポートの番号を入力してください（例: R-000012）。")]}
            )
        services_staff.merge(request.user, r, original=original, text=d["text"])

    return _act(request, pk, "merge_form", form, action)


@require_POST
def add_photos(request: HttpRequest, pk: int) -> HttpResponse:
    form = StaffPhotosForm(request.POST, request.FILES)
    return _act(request, pk, "photos_form", form,
                lambda r, d: services_staff.add_photos(request.user, r,
                                                       uploads=request.FILES.getlist("photos"),
                                                       public=d["public"]))  # fmt: skip


@require_POST
def photo_visibility(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    report = _report(request, pk)
    photo = ReportPhoto.objects.filter(report=report, pk=photo_pk).first()
    if photo is None:
        raise PermissionDenied
    services_staff.set_photo_public(request.user, photo, public=request.POST.get("public") == "1")
    messages.success(request, _("写真の公開設定を変更しました。"))
    return redirect("staff:reports:detail", pk=report.pk)


@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The reporter's contact, shown on this response only (never in a URL), read audited."""
    report = _report(request, pk)
    form = ContactForm(request.POST)
    found = None
    status = 200
    if form.is_valid():
        try:
            found = services_staff.read_contact(
                request.user, report, purpose=form.cleaned_data["purpose"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
    else:
        status = 400
    context = _detail_context(request, report, contact_form=form, contact=found,
                              contact_read=status == 200)  # fmt: skip
    return render(request, "reports/staff/detail.html", context, status=status)


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    ids = services_staff.department_ids(request.user)
    context = {"rows": selectors.figures(ids), "language": _language()}
    return render(request, "reports/staff/figures.html", context)


@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    """A report taken by phone or at the counter, entered by staff for the resident."""
    authorize(request.user, "reports.enter")
    language = _language()
    code = request.POST.get("category") or request.GET.get("category") or ""
    category = selectors.categories().prefetch_related("attributes").filter(code=code[:40]).first()
    if category is None:
        return render(request, "reports/staff/enter_choose.html",
                      {"categories": selectors.categories()})  # fmt: skip
    form = ReportForm(request.POST or None, request.FILES or None, category=category,
                      language=language, signed_in=False)  # fmt: skip
    source = (
        request.POST.get("source")
        if request.POST.get("source") in (Source.PHONE, Source.COUNTER)
        else Source.PHONE
    )
    status = 200
    if request.method == "POST":
        uploads = request.FILES.getlist("photos")
        if form.is_valid():
            try:
                report = services.submit_report(request.user, form.report_input(uploads, language),
                                                 source=source)  # fmt: skip
            except ValidationError as error:
                add_report_errors(form, error)
            else:
                messages.success(
                    request,
                    _("レポート %(reference)s を登録しました。") % {"reference": report.reference},
                )
                return redirect("staff:reports:inbox")
        status = 400
        if uploads:
            form.add_error("photos", _("写真は、お手数ですがもう一度選んでください。"))
    context = {"form": form, "category": category, "source": source, "sources": [
        (Source.PHONE, Source.PHONE.label), (Source.COUNTER, Source.COUNTER.label)],
        "map_config": ward_map_config()}  # fmt: skip
    return render(request, "reports/staff/enter.html", context, status=status)


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    return exports.respond(request.user, fmt, with_contacts=request.GET.get("contacts") == "1",
                           purpose=request.GET.get("purpose", ""))  # fmt: skip
