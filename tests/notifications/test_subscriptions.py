"""Subscribing by e-mail with double opt-in through a real SMTP server, preferences, one-click
unsubscribe (RFC 8058), and bad input: injected headers, role addresses, tampered links."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from kuyakusho.notifications import fanout, services
from kuyakusho.notifications.links import CONFIRM_SALT, confirmation_token
from kuyakusho.notifications.models import Subscriber

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db(transaction=True)  # confirmation mail goes out on commit


def _form(topics, areas=(), **extra):
    data = {
        "topics": [t.pk for t in topics],
        "areas": [a.pk for a in areas],
        "language": "ja",
        "digest": "immediate",
    }
    data.update(extra)
    return data


def _link(mail, kind: str) -> str:
    text = mail.get_body(("plain",)).get_content()
    return re.search(rf"http://127\.0\.0\.1:8000(/notifications/{kind}/[^\s]+/)", text).group(1)


def test_double_opt_in_then_a_targeted_message_arrives_in_the_chosen_language(
    ward, road_staff, topics, areas, smtp_server
):
    client = Client()
    response = client.post(
        "/notifications/",
        {**_form([topics["safety"]], [areas["north"]], language="en"), "email": "Taro@Example.jp"},
    )
    assert response.status_code == 200 and "確認のメールを送りました" in response.content.decode()
    subscriber = Subscriber.objects.get(email="taro@example.jp")
    assert subscriber.confirmed_at is None
    confirmation = smtp_server.wait_for(1)[0]
    assert confirmation["To"] == "taro@example.jp"
    link = _link(confirmation, "confirm")
    assert (
        client.get(link).status_code == 200
    )  # a page with a button; opening the link alone confirms nothing
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert client.post(link).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    texts = {"ja": ("お知らせ", "北部の本文"), "en": ("Notice", "Body for the north")}
    message = services.submit(
        road_staff.user,
        services.save_draft(
            road_staff.user,
            topic=topics["safety"],
            channels=["email"],
            texts=texts,
            areas=[areas["north"]],
        ),
    )
    fanout.deliver(message.pk)
    received = smtp_server.wait_for(2)
    assert [m["Subject"] for m in received if m["To"] == "taro@example.jp"][-1] == "Notice"


def test_unconfirmed_and_out_of_area_people_receive_nothing(
    ward, road_staff, topics, areas, smtp_server
):
    Client().post(
        "/notifications/",
        {**_form([topics["safety"]], [areas["north"]]), "email": "pending@example.jp"},
    )
    make_subscriber("south@example.jp", topics=[topics["safety"]], areas=[areas["south"]])
    smtp_server.wait_for(1)
    message = services.submit(
        road_staff.user,
        services.save_draft(
            road_staff.user,
            topic=topics["safety"],
            channels=["email"],
            texts={"ja": ("件名", "本文")},
            areas=[areas["north"]],
        ),
    )
    fanout.deliver(message.pk)
    assert [m["Subject"] for m in smtp_server.wait_for(2, timeout=1)] == ["配信登録の確認"]


def test_one_click_unsubscribe_by_post_without_a_csrf_token(ward, topics):
    subscriber = make_subscriber("oneclick@example.jp", topics=[topics["safety"]])
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/notifications/unsubscribe/{subscriber.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_opening_the_unsubscribe_link_asks_first(ward, topics):
    subscriber = make_subscriber("ask@example.jp", topics=[topics["safety"]])
    response = Client().get(f"/notifications/unsubscribe/{subscriber.token}/")
    assert "配信を止める" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


@pytest.mark.parametrize(
    "path", ["unsubscribe/not-a-real-token", "manage/not-a-real-token", "confirm/garbage"]
)
def test_tampered_links_show_a_helpful_page_and_change_nothing(ward, topics, path):
    make_subscriber("safe@example.jp", topics=[topics["safety"]])
    client = Client()
    response = (
        client.post(f"/notifications/{path}/")
        if "confirm" in path
        else client.get(f"/notifications/{path}/")
    )
    if "unsubscribe" in path:
        response = client.post(f"/notifications/{path}/")
    assert response.status_code == 400
    assert "このリンクは使えません" in response.content.decode()
    assert Subscriber.objects.get(email="safe@example.jp").unsubscribed_at is None


def test_an_expired_confirmation_link_says_so(ward, topics, monkeypatch):
    subscriber = Subscriber.objects.create(email="late@example.jp", channels=["email"])
    token = confirmation_token(subscriber.pk, subscriber.token)
    real_unsign = signing.TimestampSigner.unsign

    def aged(self, value, max_age=None):
        return real_unsign(self, value, max_age=-1)

    monkeypatch.setattr(signing.TimestampSigner, "unsign", aged)
    response = Client().post(f"/notifications/confirm/{token}/")
    assert response.status_code == 400 and "有効期限" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert CONFIRM_SALT  # the salt keeps these tokens from being valid anywhere else


def test_a_confirmation_token_for_another_subscriber_is_rejected(ward, topics):
    a = Subscriber.objects.create(email="a@example.jp", channels=["email"])
    b = Subscriber.objects.create(email="b@example.jp", channels=["email"])
    forged = confirmation_token(a.pk, b.token)
    assert Client().post(f"/notifications/confirm/{forged}/").status_code == 400
    assert not Subscriber.objects.filter(confirmed_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("victim@example.jp\r\nBcc: many@example.jp", "改行"),
        ("not-an-address", "形式が正しくありません"),
        ("postmaster@example.jp", "役割用のアドレス"),
        ("noreply@example.jp", "役割用のアドレス"),
    ],
)
def test_bad_addresses_get_a_clear_message_and_keep_the_form(
    ward, topics, email, message, smtp_server
):
    response = Client().post("/notifications/", {**_form([topics["safety"]]), "email": email})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'value="{topics["safety"].pk}" checked' in body or "checked" in body
    assert not Subscriber.objects.exists()
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_choosing_no_topic_is_refused(ward, topics):
    response = Client().post("/notifications/", {**_form([]), "email": "x@example.jp"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_subscribing_an_address_twice_never_reveals_it_and_mails_its_owner(
    ward, topics, smtp_server
):
    make_subscriber("known@example.jp", topics=[topics["safety"]])
    response = Client().post(
        "/notifications/", {**_form([topics["childcare"]]), "email": "known@example.jp"}
    )
    assert "確認のメールを送りました" in response.content.decode()
    mail = smtp_server.wait_for(1)[0]
    assert (
        mail["Subject"] == "配信の設定"
        and "/notifications/manage/" in mail.get_body(("plain",)).get_content()
    )
    assert list(
        Subscriber.objects.get(email="known@example.jp").topics.values_list("code", flat=True)
    ) == ["safety"]


def test_manage_link_changes_preferences_and_resumes_after_unsubscribe(ward, topics, areas):
    subscriber = make_subscriber("me@example.jp", topics=[topics["safety"]])
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save()
    response = Client().post(
        f"/notifications/manage/{subscriber.token}/",
        _form(
            [topics["childcare"]],
            [areas["south"]],
            language="ko",
            quiet_start="22:00",
            quiet_end="07:00",
        ),
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None and subscriber.language == "ko"
    assert [t.code for t in subscriber.topics.all()] == ["childcare"]
    assert str(subscriber.quiet_start) == "22:00:00"


def test_half_a_quiet_period_is_refused(ward, topics):
    subscriber = make_subscriber("half@example.jp", topics=[topics["safety"]])
    response = Client().post(
        f"/notifications/manage/{subscriber.token}/", _form([topics["safety"]], quiet_start="22:00")
    )
    assert response.status_code == 400 and "開始と終了の両方" in response.content.decode()


def test_signed_in_residents_subscribe_without_a_confirmation_mail_and_get_an_inbox(
    ward, road_staff, topics, resident, smtp_server
):
    from tests.conftest import sign_in

    client = sign_in(Client(), resident)
    response = client.post(
        "/notifications/",
        {**_form([topics["safety"]]), "channels": ["inbox"], "profile_targeting_consent": "on"},
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(user=resident.user)
    assert (
        subscriber.is_active
        and subscriber.channels == ["inbox"]
        and subscriber.profile_targeting_consent
    )
    message = services.submit(
        road_staff.user,
        services.save_draft(
            road_staff.user,
            topic=topics["safety"],
            channels=["inbox", "email"],
            texts={"ja": ("受信箱のお知らせ", "本文です")},
        ),
    )
    fanout.deliver(message.pk)
    inbox = client.get("/notifications/inbox/").content.decode()
    assert "未読" in inbox and "受信箱のお知らせ" in inbox  # the list names each message
    item = re.search(r'href="(/notifications/inbox/\d+/)"', inbox).group(1)
    assert "本文です" in client.get(item).content.decode()
    assert "未読" not in client.get("/notifications/inbox/").content.decode()
    assert smtp_server.wait_for(1, timeout=0.5) == []  # inbox only: no mail
