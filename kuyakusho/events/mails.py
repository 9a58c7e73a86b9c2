"""Mail about sign-ups and reviews, in the reader's language, sent after the commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from .display import when_text
from .models import Event, Group, Signup, SignupStatus


def _event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("events:detail", args=[event.pk])


def _send(address: str, subject: str, body: str) -> None:
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
    )


def _signup_mail(signup: Signup, subject: Callable[[], str], lead: Callable[[], str]) -> None:
    """`subject` and `lead` are called with the reader's language active."""
    event = signup.event
    with override(signup.language):
        body = "\n".join(
            [
                lead(),
                "",
                f"{_('イベント')}: {event.title}",
                f"{_('日時')}: {when_text(event)}",
                f"{_('会場')}: {event.venue}",
                "",
                _("詳しい内容と申込の取り消しは、次のページから行えます。"),
                _event_url(event),
            ]
        )
        _send(signup.user.email, subject(), body)


def signup_received(signup: Signup) -> None:
    if signup.status == SignupStatus.CONFIRMED:
        _signup_mail(
            signup,
            lambda: _("参加申込を受け付けました"),
            lambda: _("参加申込を受け付けました。参加が決まりました。"),
        )
    else:
        _signup_mail(
            signup,
            lambda: _("キャンセル待ちに登録しました"),
            lambda: _(
                "定員に達しているため、キャンセル待ちに登録しました。参加できるようになったら、メールでお知らせします。"
            ),
        )


def signup_promoted(signup: Signup) -> None:
    _signup_mail(
        signup,
        lambda: _("参加が決まりました（キャンセル待ち）"),
        lambda: _(
            "キャンセルが出たため、キャンセル待ちから参加が決まりました。参加できなくなった場合は、申込を取り消してください。"
        ),
    )


def event_cancelled(signups: Iterable[Signup]) -> None:
    for signup in signups:
        _signup_mail(
            signup,
            lambda: _("イベントの中止のお知らせ"),
            lambda: _("申し込まれたイベントは中止になりました。"),
        )


def _manager_language(user: Any) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in codes else settings.LANGUAGE_CODE


def _to_managers(
    group: Group, subject: Callable[[], str], lines: Callable[[], list[str]], url: str
) -> None:
    for manager in group.managers.select_related("user"):
        with override(_manager_language(manager.user)):
            _send(manager.user.email, subject(), "\n".join([*lines(), "", url]))


def _manage_url(group: Group) -> str:
    return settings.SITE_URL + reverse("events:group_manage", args=[group.pk])


def event_reviewed(event: Event) -> None:
    """Tell the group's managers that an event was published or sent back (with the reason)."""
    if event.group is None:
        return
    if event.is_published:
        _to_managers(
            event.group,
            lambda: _("イベントが公開されました"),
            lambda: [_("「%(title)s」を公開しました。") % {"title": event.title}],
            _event_url(event),
        )
        return
    _to_managers(
        event.group,
        lambda: _("イベントが差し戻されました"),
        lambda: [
            _("「%(title)s」は公開されず、差し戻されました。理由:") % {"title": event.title},
            event.review_note,
            _("内容を直して、もう一度送ってください。"),
        ],
        _manage_url(event.group),
    )


def group_reviewed(group: Group) -> None:
    if group.is_approved:
        _to_managers(
            group,
            lambda: _("団体の登録が完了しました"),
            lambda: [
                _("団体「%(name)s」の登録が完了しました。イベントを投稿できます。")
                % {"name": group.name}
            ],
            _manage_url(group),
        )
        return
    _to_managers(
        group,
        lambda: _("団体の登録申請が差し戻されました"),
        lambda: [
            _("団体「%(name)s」の登録申請は差し戻されました。理由:") % {"name": group.name},
            group.review_note,
            _("内容を直して、もう一度申請してください。"),
        ],
        _manage_url(group),
    )
