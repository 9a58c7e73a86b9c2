"""Back office for the ICT division: areas (地域 / 町丁目 / 学区) and webhook endpoints.

Thin views: services_settings checks the permissions again and records every change. A new or
rotated signing secret is kept in the session only until the next page shows it, once.
"""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.core.geo import Feature, geometry_centre

from . import services_settings as services
from .forms_settings import AreaForm, WebhookForm
from .models import Area, WebhookEndpoint

SECRET_SESSION_KEY = "notifications.webhook_secret"  # noqa: S105 - a session key name


# --- areas ---------------------------------------------------------------------------------
@permission_required(services.MANAGE_AREAS)
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    items = Area.objects.annotate(
        message_count=Count("messages", distinct=True),
        subscriber_count=Count("subscribers", distinct=True),
    )
    return render(request, "notifications/staff/areas.html", {"areas": items})


@permission_required(services.MANAGE_AREAS)
@require_http_methods(["GET", "POST"])
def area_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    area = get_object_or_404(Area, pk=pk) if pk else None
    form = AreaForm(request.POST if request.method == "POST" else None, instance=area)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_area(request.user, form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("地域を保存しました。"))
            return redirect("staff:notifications:area", pk=saved.pk)
    context = {"form": form, "area": area, "places": _places(area)}
    return render(
        request, "notifications/staff/area_form.html", context, status=400 if form.errors else 200
    )


def _places(area: Area | None) -> list[Feature]:
    """The saved polygon for the map component (an enhancement; the form is the real input)."""
    if area is None or area.polygon is None:
        return []
    lat, lon = geometry_centre(area.polygon)
    return [Feature(lat, lon, {"name": area.name_ja, "address": ""}, geometry=area.polygon)]


@permission_required(services.MANAGE_AREAS)
@require_http_methods(["GET", "POST"])
def area_delete(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(Area, pk=pk)
    if request.method == "POST":
        try:
            services.delete_area(request.user, area)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("staff:notifications:area", pk=pk)
        messages.success(request, _("地域を削除しました。"))
        return redirect("staff:notifications:areas")
    context = {
        "area": area,
        "message_count": services.area_in_use(area),
        "subscriber_count": area.subscribers.count(),
    }
    return render(request, "notifications/staff/area_delete.html", context)


# --- webhook endpoints ---------------------------------------------------------------------
def _remember_secret(request: HttpRequest, endpoint: WebhookEndpoint, secret: str) -> None:
    request.session[SECRET_SESSION_KEY] = {"endpoint": endpoint.pk, "secret": secret}


def _take_secret(request: HttpRequest, endpoint: WebhookEndpoint) -> str | None:
    """The secret issued a moment ago, if any: removed from the session as it is shown."""
    stored = request.session.pop(SECRET_SESSION_KEY, None)
    if stored and stored.get("endpoint") == endpoint.pk:
        return stored.get("secret")
    return None


@permission_required(services.MANAGE_WEBHOOKS)
@reauthentication_required
@require_GET
def webhooks(request: HttpRequest) -> HttpResponse:
    items = WebhookEndpoint.objects.prefetch_related("topics").order_by("name", "pk")
    return render(request, "notifications/staff/webhooks.html", {"endpoints": items})


@permission_required(services.MANAGE_WEBHOOKS)
@reauthentication_required
@never_cache
@require_http_methods(["GET", "POST"])
def webhook_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk) if pk else None
    initial = (
        {"name": endpoint.name, "url": endpoint.url, "topics": endpoint.topics.all()}
        if endpoint
        else {}
    )
    form = WebhookForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if endpoint is None:
                endpoint, secret = services.create_webhook(
                    request.user, name=data["name"], url=data["url"], topics=data["topics"]
                )
                _remember_secret(request, endpoint, secret)
                messages.success(request, _("Webhook 送信先を登録しました。"))
            else:
                services.update_webhook(
                    request.user,
                    endpoint,
                    name=data["name"],
                    url=data["url"],
                    topics=data["topics"],
                )
                messages.success(request, _("Webhook 送信先を保存しました。"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("staff:notifications:webhook", pk=endpoint.pk)
    context = {
        "form": form,
        "endpoint": endpoint,
        "new_secret": _take_secret(request, endpoint) if endpoint else None,
    }
    return render(
        request,
        "notifications/staff/webhook_form.html",
        context,
        status=400 if form.errors else 200,
    )


@permission_required(services.MANAGE_WEBHOOKS)
@reauthentication_required
@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    _remember_secret(request, endpoint, services.rotate_webhook_secret(request.user, endpoint))
    messages.success(
        request, _("署名用の秘密鍵を新しくしました。古い秘密鍵による署名は、もう通りません。")
    )
    return redirect("staff:notifications:webhook", pk=pk)


@permission_required(services.MANAGE_WEBHOOKS)
@reauthentication_required
@require_POST
def webhook_active(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    active = request.POST.get("active") == "1"
    services.set_webhook_active(request.user, endpoint, active)
    messages.success(
        request,
        _("送信を再開しました。") if active else _("送信を止めました（無効にしました）。"),
    )
    return redirect("staff:notifications:webhook", pk=pk)


@permission_required(services.MANAGE_WEBHOOKS)
@reauthentication_required
@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    try:
        result = services.send_webhook_test(request.user, endpoint)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("staff:notifications:webhook", pk=pk)
    if result.ok:
        messages.success(
            request,
            _("テスト送信しました。送信先の応答: HTTP %(status)s") % {"status": result.status},
        )
    elif result.status is not None:
        messages.error(
            request,
            _("テスト送信は送信先に拒否されました。送信先の応答: HTTP %(status)s")
            % {"status": result.status},
        )
    else:
        messages.error(
            request,
            _("テスト送信できませんでした（%(error)s）。URLと送信先の状態を確認してください。")
            % {"error": result.error},
        )
    return redirect("staff:notifications:webhook", pk=pk)
