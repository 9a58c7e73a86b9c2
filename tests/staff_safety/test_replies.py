"""Replying through the link: no sign-in, changes kept as history until the round closes;
forged, truncated, other rounds' and expired links change nothing and show a clear page
(never a 500, never a hint whether a person exists); the token never reaches a log."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuyakusho.core.logging import scrub
from kuyakusho.core.models import AuditRecord
from kuyakusho.staff_safety import links, services
from kuyakusho.staff_safety.models import Recipient, Reply, Round

from .conftest import answer, link_for, recipient_of, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(office, django_capture_on_commit_callbacks) -> Round:
    return start(django_capture_on_commit_callbacks, title="震度5強の地震")


def test_a_reply_is_recorded_without_signing_in_and_can_be_changed(office, round_):
    path = link_for("parks@example.jp", round_)
    client = Client()
    response = answer(client, path, status="injured", attendance="cannot", location="自宅")
    assert response.status_code == 302 and response["Location"] == path
    page = client.get(path).content.decode()
    assert "回答を受け付けました。" in page and "負傷" in page
    recipient = recipient_of(round_, office["parks"])
    assert (recipient.status, recipient.attendance) == ("injured", "cannot")

    answer(
        client,
        path,
        status="family_affected",
        attendance="within_hours",
        attendance_hours="3",
        location="実家（所沢市）",  # stored NFKC: 実家(所沢市)
        note="子どもを預けてから向かいます。",
    )
    recipient.refresh_from_db()
    assert recipient.status == "family_affected" and recipient.attendance_hours == 3
    assert recipient.location == "実家(所沢市)"
    history = list(Reply.objects.filter(recipient=recipient).values_list("status", flat=True))
    assert history == ["injured", "family_affected"]
    records = AuditRecord.objects.filter(verb="staff_safety.reply.saved")
    assert [r.data["changed"] for r in records] == [False, True]
    # No answer (health data) and no token in the audit log.
    assert all("injured" not in str(r.data) and "status" not in r.data for r in records)


def test_bad_input_keeps_what_was_typed_and_changes_nothing(office, round_):
    path = link_for("parks@example.jp", round_)
    response = answer(
        Client(),
        path,
        status="",
        attendance="within_hours",
        attendance_hours="0",
        location="",
        note="道路が寸断されています",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "あなたと家族の安否を選んでください。" in html
    assert "時間は1～72の数字で入力してください。" in html
    assert "現在地を入力してください" in html
    assert "道路が寸断されています" in html
    response = answer(Client(), path, attendance="within_hours", attendance_hours="")
    assert "何時間以内に参集できるかを数字で入力してください。" in response.content.decode()
    response = answer(Client(), path, status="dead", attendance="teleport")
    assert response.status_code == 400
    assert recipient_of(round_, office["parks"]).responded_at is None
    assert not Reply.objects.exists()


def test_hours_are_dropped_unless_within_hours_was_chosen(office, round_):
    path = link_for("parks@example.jp", round_)
    answer(Client(), path, attendance="now", attendance_hours="5")
    recipient = recipient_of(round_, office["parks"])
    assert recipient.attendance == "now" and recipient.attendance_hours is None


def test_control_characters_are_removed_from_free_text(office, round_):
    path = link_for("parks@example.jp", round_)
    answer(Client(), path, location="自宅\u0007\u202e", note="１行目\r\n２行目\u200b")
    recipient = recipient_of(round_, office["parks"])
    assert recipient.location == "自宅"
    assert recipient.note == "1行目\n2行目"  # NFKC, one kind of line break
    # A NUL character is refused outright (Django's forms), with nothing saved.
    response = answer(Client(), path, location="駅\u0000")
    assert response.status_code == 400
    recipient.refresh_from_db()
    assert recipient.location == "自宅"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),  # signature changed
        lambda t: t[: len(t) // 2],  # cut off in the mail client
        lambda t: "1.1.abc." + t.rsplit(".", 1)[1],  # another value under the same signature
        lambda t: t + "x",
        lambda t: "%00" + t,
        lambda t: "ü" * 10,
        lambda t: "9" * 500,
    ],
)
def test_forged_links_change_nothing_and_say_so_plainly(office, round_, mangle):
    path = link_for("parks@example.jp", round_)
    token = path.split("/")[-2]
    forged = f"/safety/reply/{mangle(token)}/"
    client = Client(raise_request_exception=True)
    for response in (client.get(forged), answer(client, forged, status="injured")):
        assert response.status_code == 404
        assert "このリンクは使えません" in response.content.decode()
    assert not Reply.objects.exists()


def test_an_unknown_person_and_a_forged_link_get_the_same_page(office, round_):
    recipient = recipient_of(round_, office["parks"])
    deleted = Recipient.objects.create(round=round_, user=office["gone"].user, link_key="k" * 22)
    token = links.make_token(round_.pk, deleted.pk, deleted.link_key)
    deleted.delete()
    paths = [
        links.reply_path(token),
        links.reply_path(links.make_token(round_.pk, recipient.pk, "x" * 22)),
        "/safety/reply/nothing-here/",
    ]
    pages = []
    for path in paths:
        response = Client().get(path)
        assert response.status_code == 404
        pages.append(response.content.decode().replace(path, "PATH"))  # the language links
    assert pages[0] == pages[1] == pages[2]


def test_another_rounds_link_changes_nothing_in_this_round(
    office, round_, crisis_staff, django_capture_on_commit_callbacks
):
    old_path = link_for("parks@example.jp", round_)
    services.close_round(crisis_staff.user, round_)
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now() - timedelta(days=1))
    second = start(django_capture_on_commit_callbacks, title="余震")
    # The old link names the old round (signed): it cannot reach the new one.
    old = recipient_of(round_, office["parks"])
    new = recipient_of(second, office["parks"])
    forged = links.make_token(second.pk, old.pk, old.link_key)
    assert Client().get(links.reply_path(forged)).status_code == 404
    response = answer(Client(), old_path, status="injured")
    assert response.status_code == 410
    assert "この安否確認は終了しました" in response.content.decode()
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.responded_at is None and old.responded_at is None
    assert not Reply.objects.exists()


def test_a_closed_round_accepts_replies_only_for_the_grace_period(
    office, round_, crisis_staff, settings
):
    settings.STAFF_SAFETY_LINK_GRACE_SECONDS = 600
    path = link_for("parks@example.jp", round_)
    services.close_round(crisis_staff.user, round_)
    # A form opened just before closing still goes through...
    assert answer(Client(), path, status="safe").status_code == 302
    # ...but not once the grace period is over.
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now() - timedelta(seconds=601))
    for response in (Client().get(path), answer(Client(), path, status="injured")):
        assert response.status_code == 410
        assert "何も変更していません" in response.content.decode()
    assert recipient_of(round_, office["parks"]).status == "safe"
    assert Reply.objects.count() == 1


def test_the_service_refuses_an_expired_round_even_when_called_directly(
    office, round_, crisis_staff
):
    from django.core.exceptions import ValidationError

    services.close_round(crisis_staff.user, round_)
    recipient = recipient_of(round_, office["parks"])
    later = timezone.now() + timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.save_reply(recipient, status="safe", attendance="now", location="自宅", now=later)


def test_reply_pages_are_never_cached_and_keep_the_address_on_this_site(office, round_):
    path = link_for("parks@example.jp", round_)
    for response in (Client().get(path), Client().get("/safety/reply/forged/")):
        assert "no-store" in response["Cache-Control"]
        # Links to other sites get no Referer (and so not the token); same-origin keeps the
        # form's Origin header intact for the CSRF check.
        assert response["Referrer-Policy"] == "same-origin"
        assert "noindex" in response.content.decode()


def test_the_form_is_in_english_for_an_english_reader(office, round_):
    path = link_for("parks@example.jp", round_)
    html = Client(headers={"accept-language": "en"}).get(path).content.decode()
    assert 'lang="en"' in html
    assert "Staff safety confirmation" in html


def test_no_token_reaches_a_log_line(office, round_, caplog):
    path = link_for("parks@example.jp", round_)
    token = path.split("/")[-2]
    with caplog.at_level(logging.DEBUG):
        answer(Client(), path)
        Client().get(f"/safety/reply/{token[:-2]}/")
        answer(Client(), f"/safety/reply/{token}x/", status="injured")
        # Django's CSRF warning names the path: the log filter takes the token out.
        refused = answer(Client(enforce_csrf_checks=True), path, status="injured")
    assert refused.status_code == 403
    # What the console handler writes (its filter may already have rewritten the records).
    logged = "\n".join(scrub(r.getMessage()) for r in caplog.records)
    assert token not in logged and token[:20] not in logged
    assert "/safety/reply/[token]/" in logged
    assert not AuditRecord.objects.filter(data__icontains=token[:20]).exists()
