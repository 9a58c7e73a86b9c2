from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .forms import ChildForm, ProfileForm
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


@login_required
@require_http_methods(["GET", "POST"])
def children(request: HttpRequest) -> HttpResponse:
    """The resident's children (birth dates for age-suited information) and a form to add one."""
    form = ChildForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_child(request.user, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("お子さんの情報を追加しました。"))
            return redirect("accounts:children")
    today = timezone.localdate()
    items = [
        (child, services.age_on(child.birth_date, today))
        for child in services.children_of(request.user)
    ]
    context = {"form": form, "items": items, "max_age": services.CHILD_MAX_AGE}
    return render(request, "accounts/children.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def remove_child(request: HttpRequest, pk: int) -> HttpResponse:
    # Only among the signed-in resident's own children: anyone else's is a 404.
    child = get_object_or_404(services.children_of(request.user), pk=pk)
    services.remove_child(child, actor=request.user)
    messages.success(request, _("お子さんの情報を削除しました。"))
    return redirect("accounts:children")
