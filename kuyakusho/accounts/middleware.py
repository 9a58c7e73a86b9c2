"""Staff-side protection: the back office needs a second factor, and idle staff sessions end."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services

PROTECTED_PREFIXES = ("/staff/", "/admin/")
LAST_ACTIVITY_KEY = "kuyakusho_last_activity"


def session_used_second_factor(request: HttpRequest) -> bool:
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


class StaffSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and (services.is_ward_staff(user) or user.is_superuser):
            if self._idle_expired(request):
                logout(request)
                messages.info(
                    request,
                    _(
                        "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。"
                    ),
                )
                return redirect(f"{reverse('account_login')}?next={request.path}")
        if request.path.startswith(PROTECTED_PREFIXES):
            blocked = self._guard(request)
            if blocked is not None:
                return blocked
        return self.get_response(request)

    def _idle_expired(self, request: HttpRequest) -> bool:
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        request.session[LAST_ACTIVITY_KEY] = now
        return last is not None and now - int(last) > settings.STAFF_IDLE_TIMEOUT_SECONDS

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if request.path.startswith("/admin/") and not user.is_superuser:
            raise PermissionDenied(_("管理サイトはシステム管理者だけが使えます。"))
        if request.path.startswith("/staff/") and not services.is_ward_staff(user):
            raise PermissionDenied(_("職員用の画面です。"))
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                _(
                    "職員用の画面を使うには、二要素認証の登録が必要です。認証アプリを登録してください。"
                ),
            )
            return redirect("mfa_activate_totp")
        if not session_used_second_factor(request):
            logout(request)
            messages.warning(request, _("職員用の画面には、二要素認証でログインし直してください。"))
            return redirect(f"{reverse('account_login')}?next={request.path}")
        return None
