from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import ProfileForm
from .models import ResidentProfile


@login_required
@require_GET
def mypage(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mypage.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance, _created = ResidentProfile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
            services.update_profile(request.user, actor=request.user, **fields)
            messages.success(request, _("プロフィールを保存しました。"))
            return redirect("accounts:profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})
