"""Resident pages: the map and list of reports (/reports/), a report's page with its public
timeline and follow button, the report form (phone-first, no JavaScript needed), the e-mail
confirmation links, public photos and /reports.geojson (bbox filter). Thin: parse, call a
service or selector, render."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.core import photos, ratelimit
from kuyakusho.core.geo import feature_collection, ward_map_config
from kuyakusho.core.page_cache import not_cached

from . import representation, selectors, services
from .forms import FollowForm, PublicFilterForm, ReportForm, add_report_errors, parse_bbox
from .models import Report, ReportPhoto
from .states import COLOURS, State

SENT_SESSION_KEY = "reports_sent"
# Without an account: a few reports in a row (several places on one walk), not a flood; each
# one mails a confirmation link, so this also limits mail sent to addresses typed by others.
REPORT_LIMITS = [(5, 600), (30, 24 * 3600)]
FOLLOW_LIMITS = [(10, 600), (50, 24 * 3600)]


def _too_many() -> str:
    return _(
        "短い時間に多くの送信がありました。入力した内容はそのままです。しばらく（10分ほど）待ってから、もう一度送信してください。"
    )


def _language() -> str:
    return get_language() or "ja"


def _filter_form(request: HttpRequest, labels: dict[str, str]) -> PublicFilterForm:
    form = PublicFilterForm(request.GET or None, categories=list(selectors.categories()),
                            labels=labels, language=_language())  # fmt: skip
    form.is_valid()
    return form


def _filters(form: PublicFilterForm) -> selectors.Filters:
    data = getattr(form, "cleaned_data", {})
    try:
        bbox = parse_bbox(data.get("bbox", ""))
    except ValueError:
        bbox = None
    return selectors.Filters(categories=list(data.get("category") or []),
                             states=list(data.get("state") or []), bbox=bbox)  # fmt: skip


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    language = _language()
    labels = selectors.state_labels(language)
    form = _filter_form(request, labels)
    reports = list(selectors.filtered(selectors.public(), _filters(form))[: selectors.PUBLIC_LIMIT])
    for report in reports:
        report.category_label = report.category.display_name(language)
    url_for = representation.detail_urls(request.build_absolute_uri)
    features = [representation.feature(r, labels, language, request.build_absolute_uri, url_for)
                for r in reports]  # fmt: skip
    context = {
        "form": form,
        "reports": reports,
        "labels": labels,
        "legend": [(s.value, labels[s.value], COLOURS[s]) for s in State],
        "colours": {s.value: COLOURS[s] for s in State},
        "query": request.GET.urlencode(),
        "map_config": {**ward_map_config(), "geojson": feature_collection(features)},
        "limit": selectors.PUBLIC_LIMIT,
    }
    return render(request, "reports/list.html", context)


@require_GET
def geojson(request: HttpRequest) -> JsonResponse:
    """Public reports as an RFC 7946 FeatureCollection; ?bbox=west,south,east,north, and the
    list page's category/state filters."""
    language = _language()
    labels = selectors.state_labels(language)
    try:
        parse_bbox(request.GET.get("bbox", ""))
    except ValueError:
        return JsonResponse(
            {"error": _("bbox は「西経度,南緯度,東経度,北緯度」の4つの数で指定してください。")},
            status=400, json_dumps_params={"ensure_ascii": False},
        )  # fmt: skip
    form = _filter_form(request, labels)
    reports = selectors.filtered(selectors.public(), _filters(form))[:5000]
    url_for = representation.detail_urls(request.build_absolute_uri)
    collection = feature_collection(
        representation.feature(r, labels, language, request.build_absolute_uri, url_for)
        for r in reports
    )
    response = JsonResponse(collection, content_type="application/geo+json",
                            json_dumps_params={"ensure_ascii": False})  # fmt: skip
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _public_or_404(pk: int) -> Report:
    try:
        return selectors.public_report(pk)
    except Report.DoesNotExist:
        raise Http404 from None


def _is_following(request: HttpRequest, report: Report) -> bool:
    user = request.user
    return bool(user.is_authenticated and report.followers.filter(user=user).exists())


def _detail_context(request: HttpRequest, report: Report, follow_form: FollowForm) -> dict:
    language = _language()
    labels = selectors.state_labels(language)
    report.category_label = report.category.display_name(language)
    feature = representation.feature(report, labels, language, request.build_absolute_uri)
    return {
        "report": report,
        "state_label": labels[report.state],
        "labels": labels,
        "timeline": selectors.public_timeline(report),
        "photos": selectors.public_photos(report),
        "answers": representation.answers(report, language),
        "reporter": representation.reporter_label(report),
        "following": _is_following(request, report),
        "follow_form": follow_form,
        "map_config": {
            **ward_map_config(),
            "zoom": 17,
            "centre": [report.lat, report.lon],
            "geojson": feature_collection([feature]),
        },  # fmt: skip
    }


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _public_or_404(pk)
    return render(request, "reports/detail.html", _detail_context(request, report, FollowForm()))


@not_cached
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    report = _public_or_404(pk)
    form = FollowForm(request.POST)
    form.is_valid()
    if not request.user.is_authenticated and not ratelimit.allow(request, "reports-follow",
                                                                 FOLLOW_LIMITS):  # fmt: skip
        form.add_error("email", _too_many())
        return render(request, "reports/detail.html", _detail_context(request, report, form),
                      status=429)  # fmt: skip
    try:
        services.follow(report, user=request.user, email=form.cleaned_data.get("email", ""),
                        language=_language())  # fmt: skip
    except ValidationError as error:
        form.add_error("email", error.messages[0])
        context = _detail_context(request, report, form)
        return render(request, "reports/detail.html", context, status=400)
    key = "followed" if request.user.is_authenticated else "follow_mail"
    return redirect(f"/reports/{report.pk}/?{key}=1#follow")


@not_cached
@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        report = services.confirm_report(token)
    except services.NotFoundError:
        return render(request, "reports/link_invalid.html", status=404)
    return redirect(f"/reports/{report.pk}/?confirmed=1")


@not_cached
@require_GET
def confirm_follow(request: HttpRequest, token: str) -> HttpResponse:
    try:
        follower = services.confirm_follow(token)
    except services.NotFoundError:
        return render(request, "reports/link_invalid.html", status=404)
    return redirect(f"/reports/{follower.report_id}/?followed=1#follow")


@not_cached
@require_http_methods(["GET", "POST"])
def stop_following(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":  # a link in a mail: ask first (mail scanners open links)
        return render(request, "reports/stop_following.html", {"token": token})
    try:
        report = services.stop_following(token)
    except services.NotFoundError:
        return render(request, "reports/link_invalid.html", status=404)
    return redirect(f"/reports/{report.pk}/?stopped=1")


@require_GET
def photo(request: HttpRequest, uuid: str) -> FileResponse:
    try:
        item = selectors.public_photo(uuid)
    except (ReportPhoto.DoesNotExist, ValidationError):
        raise Http404 from None
    return photos.file_response(item.image)


@not_cached
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    """Without a category: the categories to choose from (links). With one: the form. On a
    first send with open reports of the same category nearby, they are shown and the resident
    may follow one instead; everything typed stays in the form."""
    code = request.POST.get("category") or request.GET.get("category") or ""
    category = selectors.categories().prefetch_related("attributes").filter(code=code[:40]).first()
    language = _language()
    if category is None:
        categories = list(selectors.categories())
        for item in categories:
            item.label = item.display_name(language)
            item.text = item.description(language)
        return render(request, "reports/choose_category.html", {"categories": categories},
                      status=400 if request.method == "POST" else 200)  # fmt: skip
    signed_in = request.user.is_authenticated
    form = ReportForm(request.POST or None, request.FILES or None, category=category,
                      language=language, signed_in=signed_in)  # fmt: skip
    status, nearby = 200, []
    if request.method == "POST":
        uploads = request.FILES.getlist("photos")
        follow_instead = request.POST.get("follow_instead", "")
        if not form.is_valid():
            status = 400
        elif follow_instead.isdigit():
            return _follow_instead(request, form, int(follow_instead), language)
        else:
            data = form.report_input(uploads, language)
            nearby = _nearby(form, category, data)
            if nearby:
                status = 200
            elif not signed_in and not ratelimit.allow(request, "reports-submit", REPORT_LIMITS):
                form.add_error(None, _too_many())
                status = 429
            else:
                try:
                    report = services.submit_report(request.user, data)
                except ValidationError as error:
                    add_report_errors(form, error)
                    status = 400
                else:
                    if report.is_public:
                        return redirect(f"/reports/{report.pk}/?sent=1")
                    request.session[SENT_SESSION_KEY] = report.reference
                    return redirect("reports:sent")
        if uploads and (status != 200 or nearby):
            form.add_error("photos", _("写真は、お手数ですがもう一度選んでください。"))
    context = {"form": form, "category": category, "nearby": nearby, "signed_in": signed_in,
               "category_label": category.display_name(language),
               "labels": selectors.state_labels(language),
               "map_config": ward_map_config()}  # fmt: skip
    return render(request, "reports/form.html", context, status=status)


def _nearby(form: ReportForm, category, data) -> list[Report]:  # type: ignore[no-untyped-def]
    """Open reports of the category near the position, the first time the form is sent."""
    if form.cleaned_data.get("nearby_seen"):
        return []
    try:
        from .validation import clean_position

        lat, lon = clean_position(data.lat, data.lon)
    except ValidationError:
        return []  # the service will explain the position
    nearby = selectors.nearby_open(category, lat, lon)
    if nearby:
        form.data = form.data.copy()
        form.data["nearby_seen"] = "1"
    return nearby


def _follow_instead(request: HttpRequest, form: ReportForm, pk: int, language: str) -> HttpResponse:
    report = _public_or_404(pk)
    try:
        services.follow(report, user=request.user, email=form.cleaned_data.get("email", ""),
                        language=language)  # fmt: skip
    except ValidationError as error:
        form.add_error("email" if "email" in form.fields else None, error.messages[0])
        context = {"form": form, "category": report.category, "nearby": [report],
                   "category_label": report.category.display_name(language),
                   "signed_in": request.user.is_authenticated,
                   "labels": selectors.state_labels(language), "map_config": ward_map_config()}  # fmt: skip
        return render(request, "reports/form.html", context, status=400)
    key = "followed" if request.user.is_authenticated else "follow_mail"
    return redirect(f"/reports/{report.pk}/?{key}=1#follow")


@not_cached
@require_GET
def report_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SENT_SESSION_KEY)
    if not reference:
        return redirect("reports:new")
    return render(request, "reports/sent.html", {"reference": reference})
