"""Resident pages: the list and the month calendar (same filters), an event's page, sign-up and
cancellation, my sign-ups, iCalendar files and the Atom feed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.core.geo import Feature

from . import ical, selectors, services, services_signups
from .forms import EventFilterForm, SignupForm, parse_month
from .models import Event, Signup
from .views_common import add_service_errors, client_language, messages_of, status_for

PAGE_SIZE = 20
ICS_LIMIT = 500
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _filter_form(request: HttpRequest, *, dates: bool = True) -> EventFilterForm:
    form = EventFilterForm(request.GET or None, dates=dates)
    form.is_valid()  # an unbound form has no errors; invalid fields are left out of filters()
    return form


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    page = Paginator(selectors.listed_events(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(filters.as_query())
    context = {
        "form": form,
        "page": page,
        "query": query,
        "default_from": filters.date_from is None,
    }
    return render(request, "events/list.html", context, status=status_for(form))


def _month_link(year: int, month: int, query: dict[str, str]) -> str:
    return "?" + urlencode({**query, "month": f"{year:04d}-{month:02d}"})


@require_GET
def month_calendar(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request, dates=False)
    year, month, month_ok = parse_month(request.GET.get("month"), timezone.localdate())
    filters = form.filters()
    filters.date_from, filters.date_to = selectors.month_range(year, month)
    events = list(selectors.filter_events(selectors.published_events(), filters))
    query = filters.as_query()
    for key in ("date_from", "date_to"):
        query.pop(key, None)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    context = {
        "form": form,
        "month_ok": month_ok,
        "first_day": date(year, month, 1),
        "month_value": f"{year:04d}-{month:02d}",
        "weeks": selectors.month_weeks(year, month, events),
        "event_count": len(events),
        "previous_link": _month_link(previous.year, previous.month, query),
        "next_link": _month_link(following.year, following.month, query),
        "previous_month": previous,
        "next_month": following,
        "range_query": urlencode(filters.as_query()),  # this month, with the filters
    }
    status = 400 if (form.errors or not month_ok) else 200
    return render(request, "events/calendar.html", context, status=status)


def _visible_event(request: HttpRequest, pk: int) -> Event:
    """Published and cancelled events for everyone; one waiting for review or sent back only
    for its organisers, as a preview."""
    event = selectors.public_event(pk)
    if event is not None:
        return event
    event = selectors.event_with_relations(pk)
    if event is None or not services.can_manage_event(request.user, event):
        raise Http404
    return event


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    signup = selectors.active_signup(event, request.user)
    context = {
        "event": event,
        "signup": signup,
        "counts": selectors.signup_counts(event) if event.signup_required else None,
        "places_left": selectors.places_left(event) if event.signup_required else None,
        "open_for_signup": event.is_published
        and event.signup_required
        and event.starts_at > timezone.now(),
        "waitlist_position": selectors.waitlist_position(signup)
        if signup and signup.status == "waitlisted"
        else None,
        "is_organiser": services.can_manage_event(request.user, event),
        "can_view_participants": services_signups.can_view_participants(request.user, event),
        "places": [
            Feature(event.lat, event.lon, {"name": event.venue, "address": event.venue_address})
        ]
        if event.has_point
        else [],
    }
    return render(request, "events/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.published_events(), pk=pk)
    if not event.signup_required:
        return redirect("events:detail", pk=pk)  # the page says no sign-up is needed
    existing = selectors.active_signup(event, request.user)
    if existing is not None:
        messages.info(request, _("このイベントにはすでに申し込んでいます。"))
        return redirect("events:detail", pk=pk)
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services_signups.sign_up(
                request.user, event, language=client_language(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created.status == "confirmed":
                messages.success(
                    request,
                    _("申込を受け付けました。参加が決まりました。確認のメールを送りました。"),
                )
            else:
                messages.success(
                    request,
                    _(
                        "定員に達しているため、キャンセル待ちに登録しました。参加できるようになったらメールでお知らせします。"
                    ),
                )
            return redirect("events:detail", pk=pk)
    context = {"event": event, "form": form, "places_left": selectors.places_left(event)}
    return render(request, "events/signup.html", context, status=status_for(form))


@login_required
@require_POST
def cancel_signup(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_object_or_404(Signup.objects.select_related("event"), pk=pk, user=request.user)
    try:
        services_signups.cancel_signup(request.user, signup)
    except ValidationError as error:
        for text in messages_of(error):
            messages.error(request, text)
    else:
        messages.success(request, _("申込を取り消しました。"))
    if request.POST.get("next") == "mine":
        return redirect("events:mine")
    return redirect("events:detail", pk=signup.event_id)


@login_required
@require_GET
def my_signups(request: HttpRequest) -> HttpResponse:
    signups = list(selectors.signups_of(request.user))
    for item in signups:
        item.position = selectors.waitlist_position(item) if item.status == "waitlisted" else None
    return render(request, "events/mine.html", {"signups": signups})


# --- iCalendar and Atom -----------------------------------------------------------------------


def _calendar_response(body: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    body = ical.calendar([event], name=event.title, language=client_language(request))
    return _calendar_response(body, f"event-{event.pk}.ics")


@require_GET
def events_ics(request: HttpRequest) -> HttpResponse:
    """The list's filters as a calendar to subscribe to: from today on unless a start date is
    given, at most ICS_LIMIT events. Invalid filters are refused rather than ignored, since a
    calendar app shows no error page."""
    form = EventFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    events = selectors.listed_events(form.filters())[:ICS_LIMIT]
    name = _("イベント")
    return _calendar_response(ical.calendar(events, name=name, language=client_language(request)))


@require_GET
def atom_feed(request: HttpRequest) -> HttpResponse:
    from .feeds import upcoming_feed_response

    return upcoming_feed_response(request)
