"""Back office: one's own contact details (every staff member), and the directory with
everyone's (crisis management only, behind sudo mode, each read audited with a purpose).
Purposes and details travel in POST bodies only, never in a URL or an access log."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.core.forms import add_service_errors

from . import services_contacts
from .forms import ContactForm, CorrectContactForm, PurposeForm


def _values(contact) -> dict:  # type: ignore[no-untyped-def]
    return {name: getattr(contact, name) for name in services_contacts.FIELDS}


@never_cache
@require_http_methods(["GET", "POST"])
def my_contact(request: HttpRequest) -> HttpResponse:
    contact = services_contacts.own_contact(request.user)
    form = ContactForm(request.POST or None, initial=_values(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services_contacts.save_own_contact(request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("連絡先を保存しました。"))
            return redirect("staff:staff_safety:my_contact")
    context = {"form": form, "account_email": request.user.email}
    status = 400 if form.errors else 200
    return render(request, "staff_safety/staff/my_contact.html", context, status=status)


@never_cache
@permission_required(services_contacts.CONTACTS)
@reauthentication_required
@require_http_methods(["GET", "POST"])
def directory(request: HttpRequest) -> HttpResponse:
    form = PurposeForm(request.POST or None)
    entries = None
    if request.method == "POST" and form.is_valid():
        try:
            entries = services_contacts.read_directory(
                request.user, purpose=form.cleaned_data["purpose"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"form": form, "entries": entries}
    status = 400 if form.errors else 200
    return render(request, "staff_safety/staff/directory.html", context, status=status)


@never_cache
@permission_required(services_contacts.CONTACTS)
@reauthentication_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, user_id: int) -> HttpResponse:
    """GET asks for a purpose; POST "open" reads the details (audited) into the form;
    POST "save" corrects them (audited, with the purpose)."""
    member = services_contacts.staff_member(user_id)
    if member is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "save":
        form = CorrectContactForm(request.POST)
        if form.is_valid():
            try:
                services_contacts.correct_contact(
                    request.user,
                    member,
                    form.cleaned_data,
                    purpose=form.cleaned_data["purpose"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("連絡先を保存しました。"))
                return redirect("staff:staff_safety:directory")
        context = {"form": form, "member": member}
        return render(request, "staff_safety/staff/correct.html", context, status=400)
    purpose_form = PurposeForm(request.POST if action == "open" else None)
    if action == "open" and purpose_form.is_valid():
        purpose = purpose_form.cleaned_data["purpose"]
        contact = services_contacts.read_contact(request.user, member, purpose=purpose)
        form = CorrectContactForm(initial={**_values(contact), "purpose": purpose})
        return render(request, "staff_safety/staff/correct.html", {"form": form, "member": member})
    context = {"purpose_form": purpose_form, "member": member}
    status = 400 if purpose_form.errors else 200
    return render(request, "staff_safety/staff/correct_purpose.html", context, status=status)
