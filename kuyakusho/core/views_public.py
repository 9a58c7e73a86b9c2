from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import i18n
from .geo import Feature
from .health import health_report
from .services import active_ward
from .site_search import PER_PAGE, doc_types, site_search


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    ward = active_ward()
    places = []
    if ward is not None:
        name = ward.display_name(translation.get_language() or "ja")
        office = Feature(ward.centre_lat, ward.centre_lon, {"name": name, "address": ward.address})
        places.append(office)
    return render(request, "core/home.html", {"places": places})


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """A plain link per language (no JavaScript): set the cookie and, when signed in, the
    saved preference; an unknown code gets a page that lists the languages we have."""
    if not i18n.is_supported(code):
        return render(request, "core/unknown_language.html", {"code": code[:20]}, status=400)
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.HTTPS,
    )
    if request.user.is_authenticated:
        from kuyakusho.accounts.services import update_preferences

        update_preferences(request.user, language=code)
    translation.activate(code)
    return response


@require_http_methods(["GET", "POST"])
def display_preferences(request: HttpRequest) -> HttpResponse:
    """Text size and furigana, for everyone; saved to the account when signed in."""
    errors = []
    if request.method == "POST":
        size = request.POST.get("text_size", "normal")
        furigana = request.POST.get("furigana") == "1"
        if size not in i18n.TEXT_SIZES:
            errors.append(size)
        else:
            response = HttpResponseRedirect(_safe_next(request))
            cookie = {
                "max_age": settings.LANGUAGE_COOKIE_AGE,
                "samesite": "Lax",
                "secure": settings.HTTPS,
            }
            response.set_cookie(i18n.TEXT_SIZE_COOKIE, size, **cookie)
            response.set_cookie(i18n.FURIGANA_COOKIE, "1" if furigana else "0", **cookie)
            if request.user.is_authenticated:
                from kuyakusho.accounts.services import update_preferences

                update_preferences(request.user, text_size=size, furigana=furigana)
            return response
    return render(
        request,
        "core/preferences.html",
        {"invalid": bool(errors), "next": _safe_next(request), "sizes": i18n.TEXT_SIZES},
        status=400 if errors else 200,
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["healthy"] else 503)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Site search: one box, a filter by kind, results in ranked order (core.site_search)."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    kind = request.GET.get("type") or None
    results = site_search(
        request.GET.get("q"), kind=kind, language=translation.get_language() or "ja", page=page
    )
    context = {
        "results": results,
        "kinds": doc_types(),
        "kind": kind if any(t.code == kind for t in doc_types()) else "",
        "labels": {t.code: t.label for t in doc_types()},
        "first_number": (results.page - 1) * PER_PAGE + 1,
    }
    return render(request, "core/search.html", context, status=400 if results.problem else 200)
