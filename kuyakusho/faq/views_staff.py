"""Back office for the FAQ: answers of one's departments (write, publish, withdraw), categories,
and the reports that show what residents could not solve or find. Inquiries are in
views_staff_inquiries. StaffSecurityMiddleware has already required a second factor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import authorize, departments_for, has_permission
from kuyakusho.core.models import Department

from . import selectors, services
from .forms_staff import AnswerForm, CategoryForm, PeriodForm
from .models import Answer, Category
from .texts import text_for


def _editable_departments(user) -> list[Department]:  # type: ignore[no-untyped-def]
    return departments_for(user, "faq.edit")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "backoffice.access")
    departments = _editable_departments(request.user)
    answers = (
        Answer.objects.filter(department__in=departments)
        .select_related("category", "department")
        .prefetch_related("translations")
        .order_by("category__sort_order", "sort_order", "pk")
    )
    context = {
        "items": [(a, text_for(a, "ja")) for a in answers],
        "can_edit": bool(departments),
        "can_manage_categories": has_permission(request.user, "faq.manage_categories"),
        "can_view_reports": has_permission(request.user, "faq.view_reports"),
        "can_handle_inquiries": bool(departments_for(request.user, "faq.handle_inquiries")),
        "inquiry_counts": selectors.open_inquiry_counts(request.user),
    }
    return render(request, "faq/staff/home.html", context)


def _initial_from(answer: Answer) -> dict:
    initial = {
        "category": answer.category_id,
        "department": answer.department_id,
        "keywords": answer.keywords,
        "sort_order": answer.sort_order,
    }
    for translation in answer.translations.all():
        initial[f"question_{translation.language}"] = translation.question
        initial[f"body_{translation.language}"] = translation.body
    return initial


@require_http_methods(["GET", "POST"])
def answer_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    departments = _editable_departments(request.user)
    if not departments:
        raise PermissionDenied(_("よくある質問を編集する権限がありません。"))
    answer = None
    if pk is not None:
        answer = get_object_or_404(Answer.objects.select_related("department"), pk=pk)
        authorize(request.user, "faq.edit", answer.department)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial=_initial_from(answer) if answer else {"sort_order": 100},
        departments=Department.objects.filter(pk__in=[d.pk for d in departments]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer = services.save_answer(
                request.user,
                category=data["category"],
                department=data["department"],
                texts=form.texts(),
                keywords=data["keywords"],
                sort_order=data["sort_order"],
                answer=answer,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("よくある質問を保存しました。"))
            return redirect("staff:faq:answer_edit", pk=answer.pk)
    context = {
        "form": form,
        "answer": answer,
        "resolution": selectors.resolution_of(answer) if answer else None,
    }
    status = 400 if form.errors else 200
    return render(request, "faq/staff/answer_form.html", context, status=status)


@require_POST
def answer_publish(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(Answer, pk=pk)
    services.publish_answer(request.user, answer)
    messages.success(request, _("公開しました。"))
    return redirect("staff:faq:answer_edit", pk=pk)


@require_POST
def answer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(Answer, pk=pk)
    services.withdraw_answer(request.user, answer)
    messages.success(request, _("公開を取りやめ、下書きに戻しました。"))
    return redirect("staff:faq:answer_edit", pk=pk)


@permission_required("faq.manage_categories")
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST if request.method == "POST" else None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(request.user, form.save(commit=False))
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("分類を保存しました。"))
            return redirect("staff:faq:categories")
    context = {
        "form": form,
        "category": category,
        "categories": selectors.categories_with_counts().select_related("department"),
    }
    return render(request, "faq/staff/categories.html", context, status=400 if form.errors else 200)


@permission_required("faq.view_reports")
@require_GET
def resolution_report(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    chosen = Category.objects.filter(code=request.GET.get("category", "")[:40]).first()
    answers = selectors.resolution_by_answer(start, end, chosen)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "chosen": chosen,
        "overall": selectors.self_resolution_rate(start, end),
        "by_category": selectors.resolution_by_category(start, end),
        "by_answer": [(r, text_for(r.answer, "ja")) for r in answers],
        "comments": [(f, text_for(f.answer, "ja")) for f in selectors.recent_comments(start, end)],
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "faq/staff/resolution_report.html", context, status=status)


@permission_required("faq.view_reports")
@require_GET
def zero_results_report(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    context = {
        "form": form,
        "start": start,
        "end": end,
        "rows": selectors.zero_result_queries(start, end),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "faq/staff/zero_results.html", context, status=status)
