from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from . import services
from .decorators import permission_required
from .forms import ResidentLookupForm
from .models import User


@permission_required("resident.view_personal_data")
@reauthentication_required
@require_http_methods(["GET", "POST"])
def resident_lookup(request: HttpRequest) -> HttpResponse:
    """Find a resident by e-mail and show their profile; each read is audited with a purpose.
    POST only for the search, so the address never appears in a URL or an access log."""
    services.authorize(request.user, "resident.view_personal_data")
    form = ResidentLookupForm(request.POST or None)
    results, profile, resident = None, None, None
    if request.method == "POST" and form.is_valid():
        results = services.find_residents(request.user, email=form.cleaned_data["email"])
        chosen = request.POST.get("resident")
        if chosen:
            resident = get_object_or_404(User, pk=chosen, memberships__isnull=True)
            profile = services.read_resident_profile(
                request.user, resident, purpose=form.cleaned_data["purpose"]
            )
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "results": results, "profile": profile, "resident": resident}
    return render(request, "accounts/staff/resident_lookup.html", context, status=status)
