"""Resident pages: the FAQ by category, search, answers with 「解決しましたか？」, and the inquiry
form for when the FAQ did not help. Everything works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.core.csrf import same_origin_post
from kuyakusho.core.page_cache import not_cached
from kuyakusho.core.text import strip_unstorable

from . import ratelimit, selectors, services, services_inquiries
from .forms import FeedbackForm, InquiryForm
from .models import Answer, Category
from .texts import text_for
from .validation import small_id

SENT_SESSION_KEY = "faq_inquiry_sent"


def _language() -> str:
    return translation.get_language() or "ja"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    categories = [c for c in selectors.categories_with_counts() if c.answer_count]
    return render(request, "faq/index.html", {"categories": categories})


@require_GET
def category(request: HttpRequest, code: str) -> HttpResponse:
    chosen = get_object_or_404(Category, code=code)
    language = _language()
    items = [(a, text_for(a, language)) for a in selectors.answers_in(chosen)]
    return render(request, "faq/category.html", {"category": chosen, "items": items})


@not_cached  # every search that finds nothing is counted for the staff report
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = strip_unstorable(request.GET.get("q", ""))
    result = services.search_faq(query, _language())
    return render(request, "faq/search.html", {"query": query, "result": result})


def _published_or_404(pk: int) -> Answer:
    try:
        return selectors.published_answer(pk)
    except Answer.DoesNotExist:
        raise Http404 from None


def _answer_page(
    request: HttpRequest, answer: Answer, form: FeedbackForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "answer": answer,
        "text": text_for(answer, _language()),
        "form": form or FeedbackForm(),
        "voted": services.has_voted(request.session, answer),
    }
    return render(request, "faq/answer.html", context, status=status)


@require_GET
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_page(request, _published_or_404(pk))


@same_origin_post  # no token on the answer page, so proxies can share it (core.csrf)
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    item = _published_or_404(pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, item, form, status=400)
    if not ratelimit.allow(request, "feedback"):
        form.add_error(
            None, _("短い時間に多くの回答がありました。しばらくしてからお試しください。")
        )
        return _answer_page(request, item, form, status=429)
    try:
        services.record_feedback(request.session, item, form.vote(), _language())
    except services.AlreadyVotedError:
        messages.info(request, _("この質問には、すでにご回答いただいています。"))
    else:
        if form.cleaned_data["helpful"]:
            messages.success(request, _("ご回答ありがとうございました。"))
        else:
            messages.success(
                request,
                _(
                    "ご回答ありがとうございました。解決しない場合は、下のお問い合わせフォームからご質問ください。"
                ),
            )
    return redirect(f"{services.answer_url(item)}#feedback")


def _inquiry_initial(request: HttpRequest) -> tuple[dict, Answer | None]:
    """Coming from an answer (?answer=12) or a category (?category=garbage) fills in the
    category; the answer is kept so the inquiry reaches that answer's department."""
    initial: dict = {}
    came_from = None
    answer_id = small_id(request.GET.get("answer"))
    if answer_id is not None:
        came_from = selectors.published_answers().filter(pk=answer_id).first()
        if came_from is not None:
            initial.update(answer=came_from.pk, category=came_from.category_id)
    code = request.GET.get("category", "")
    if not came_from and code:
        chosen = Category.objects.filter(code=code[:40]).first()
        if chosen is not None:
            initial["category"] = chosen.pk
    return initial, came_from


@require_http_methods(["GET", "POST"])
def inquiry(request: HttpRequest) -> HttpResponse:
    initial, came_from = _inquiry_initial(request)
    form = InquiryForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        answers=selectors.published_answers(),
    )
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not ratelimit.allow(request, "inquiry"):
            form.add_error(
                None,
                _(
                    "短い時間に多くのお問い合わせがありました。入力した内容はそのままです。しばらく（10分ほど）待ってから、もう一度送信してください。"
                ),
            )
            status = 429
        else:
            try:
                sent = services_inquiries.submit_inquiry(form.draft(_language()))
            except ValidationError as error:
                form.add_service_errors(error)
                status = 400
            else:
                request.session[SENT_SESSION_KEY] = sent.reference
                return redirect("faq:inquiry_sent")
        came_from = form.cleaned_data.get("answer")
    context = {
        "form": form,
        "came_from": came_from,
        "came_from_text": text_for(came_from, _language()) if came_from else None,
    }
    return render(request, "faq/inquiry_form.html", context, status=status)


@require_GET
def inquiry_sent(request: HttpRequest) -> HttpResponse:
    """The reference number, kept in the session rather than put in the address."""
    reference = request.session.get(SENT_SESSION_KEY)
    if not reference:
        return redirect("faq:inquiry")
    return render(request, "faq/inquiry_sent.html", {"reference": reference})
