"""The reply form behind each safety message's link: no sign-in, the signed token is the key.

Anything that is not a valid link (forged, truncated, withdrawn, another round's) gets the
same page, whichever part failed, so the page never tells whether a person or a round exists;
a valid link whose round has ended gets a page saying so. Neither changes anything. Both
pages, and the form, are never cached (the token is in the URL); the site-wide
`Referrer-Policy: same-origin` keeps the address from reaching other sites (no-referrer would
make browsers send `Origin: null` with the form, which the CSRF check refuses)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kuyakusho.core.forms import add_service_errors

from . import links, services
from .forms import ReplyForm


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "staff_safety/link_invalid.html", status=404)


def _expired(request: HttpRequest, round_) -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(request, "staff_safety/link_expired.html", {"round": round_}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    state = links.resolve(token)
    if state.recipient is None:
        return _invalid(request)
    recipient = state.recipient
    if not state.accepts_replies:
        return _expired(request, recipient.round)
    initial = {
        "status": recipient.status,
        "attendance": recipient.attendance,
        "attendance_hours": recipient.attendance_hours,
        "location": recipient.location,
        "note": recipient.note,
    }
    form = ReplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_reply(
                recipient,
                status=data["status"],
                attendance=data["attendance"],
                attendance_hours=data["attendance_hours"],
                location=data["location"],
                note=data["note"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "expired":
                return _expired(request, recipient.round)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("回答を受け付けました。受付が終わるまで、回答を変えられます。")
            )
            return redirect(request.path)
    context = {"form": form, "round": recipient.round, "recipient": recipient}
    status = 400 if form.errors else 200
    return render(request, "staff_safety/reply.html", context, status=status)
