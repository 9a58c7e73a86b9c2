"""Audit sign-ins and second-factor changes; count enrolment as second-factor use."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import user_logged_in, user_signed_up
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from kuyakusho.core.audit import log_action


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_action(user, "accounts.login", user)


@receiver(user_signed_up)
def audit_signup(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_action(user, "accounts.signed_up", user)


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # No e-mail address in the record: the attempt is counted, not who was targeted.
    log_action(None, "accounts.login_failed", None, {})


@receiver(authenticator_added)
def second_factor_added(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    if request is not None and authenticator.type in ("totp", "webauthn"):
        record_authentication(request, user, method="mfa", type=authenticator.type, enrolment=True)
    log_action(user, "accounts.mfa.added", user, {"type": authenticator.type})


@receiver(authenticator_removed)
def second_factor_removed(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    log_action(user, "accounts.mfa.removed", user, {"type": authenticator.type})
