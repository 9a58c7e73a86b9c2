"""Resident pages: subscribe (with or without an account), confirm, manage, unsubscribe,
the inbox on マイページ, and public Atom feeds per topic."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, subscriptions
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber, Topic


def _initial(subscriber: Subscriber | None) -> dict:
    if subscriber is None:
        return {"language": translation.get_language(), "channels": ["email"]}
    return {
        "topics": subscriber.topics.all(),
        "areas": subscriber.areas.all(),
        "channels": subscriber.channels,
        "language": subscriber.language,
        "digest": subscriber.digest,
        "quiet_start": subscriber.quiet_start,
        "quiet_end": subscriber.quiet_end,
        "profile_targeting_consent": subscriber.profile_targeting_consent,
    }


def _add_service_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    for message in error.messages:
        form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Signed-in residents edit their settings here; anyone else subscribes by e-mail."""
    if request.user.is_authenticated:
        return account_preferences(request)
    form = SubscribeForm(request.POST if request.method == "POST" else None, initial=_initial(None))
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscribe_by_email(form.cleaned_data["email"], form.preferences())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return render(request, "notifications/check_your_mail.html")
    status = 400 if form.errors else 200
    return render(request, "notifications/subscribe.html", {"form": form}, status=status)


@login_required
def account_preferences(request: HttpRequest) -> HttpResponse:
    subscriber = Subscriber.objects.filter(user=request.user).first()
    bound = request.method == "POST"
    form = PreferencesForm(
        request.POST if bound else None, initial=_initial(subscriber), with_account=True
    )
    if bound and form.is_valid():
        try:
            subscriptions.subscribe_account(request.user, form.preferences())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("配信の設定を保存しました。"))
            return redirect("notifications:subscribe")
    context = {"form": form, "subscriber": subscriber, "with_account": True}
    return render(
        request, "notifications/preferences.html", context, status=400 if form.errors else 200
    )


def _invalid_link(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "notifications/invalid_link.html", {"reason": reason}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    if request.method == "GET":
        return render(request, "notifications/confirm.html", {"token": token})
    try:
        subscriptions.confirm(token)
    except subscriptions.InvalidLinkError as error:
        return _invalid_link(request, error.reason)
    return render(request, "notifications/confirmed.html")


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Settings for people without an account, reached from the link in every message."""
    try:
        subscriber = subscriptions.subscriber_for_token(token)
    except subscriptions.InvalidLinkError as error:
        return _invalid_link(request, error.reason)
    bound = request.method == "POST"
    form = PreferencesForm(request.POST if bound else None, initial=_initial(subscriber))
    if bound and form.is_valid():
        try:
            subscriptions.save_preferences(subscriber, form.preferences())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("配信の設定を保存しました。"))
            return redirect("notifications:manage", token=token)
    context = {"form": form, "subscriber": subscriber, "token": token}
    return render(
        request, "notifications/preferences.html", context, status=400 if form.errors else 200
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        try:
            subscriber = subscriptions.subscriber_for_token(token)
        except subscriptions.InvalidLinkError as error:
            return _invalid_link(request, error.reason)
        return render(
            request, "notifications/unsubscribe.html", {"token": token, "subscriber": subscriber}
        )
    try:
        subscriptions.unsubscribe(token)
    except subscriptions.InvalidLinkError as error:
        return _invalid_link(request, error.reason)
    return render(request, "notifications/unsubscribed.html", {"token": token})


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    from .content import MessageTexts

    deliveries = list(
        selectors.inbox_for(request.user).prefetch_related("message__translations")[:100]
    )
    for delivery in deliveries:
        delivery.text = MessageTexts(delivery.message).for_language(delivery.language)
    return render(request, "notifications/inbox.html", {"deliveries": deliveries})


@login_required
@require_GET
def inbox_item(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
    if delivery.read_at is None:
        type(delivery).objects.filter(pk=delivery.pk).update(read_at=timezone.now())
    from .content import MessageTexts

    text = MessageTexts(delivery.message).for_language(delivery.language)
    return render(request, "notifications/inbox_item.html", {"delivery": delivery, "text": text})


@require_GET
def topic_feed(request: HttpRequest, code: str) -> HttpResponse:
    from .feeds import topic_feed_response

    topic = Topic.objects.filter(code=code, is_active=True).first()
    if topic is None:
        raise Http404
    return topic_feed_response(request, topic)
