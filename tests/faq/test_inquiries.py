"""Inquiries: a form that keeps what was typed, routing to the responsible department, a
confirmation mail with the reference number only, department isolation, audited reads with a
purpose, replies through a real SMTP server, and the response-time figures."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from kuyakusho.core.models import AuditRecord, OutboxMessage
from kuyakusho.faq import ratelimit, selectors, services_inquiries
from kuyakusho.faq.models import Inquiry, InquiryReply, InquiryStatus

from ..conftest import free_port
from .conftest import make_answer

pytestmark = pytest.mark.django_db

BODY = "家の前の歩道に大きな段差があり、車いすで通れません。"


def form(chosen, **extra) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "category": chosen.pk,
        "subject": "歩道の段差について",
        "body": BODY,
        "name": "練馬 花子",
        "email": "hanako@example.jp",
        "consent": "on",
    }
    data.update(extra)
    return data


def send(client: Client, data: dict, query: str = ""):  # type: ignore[no-untyped-def]
    return client.post(f"/faq/inquiry/{query}", data)


def make_inquiry(category, **fields) -> Inquiry:  # type: ignore[no-untyped-def]
    values = {
        "reference": services_inquiries.new_reference(),
        "department": category.department,
        "category": category,
        "subject": "件名",
        "body": BODY,
        "email": "hanako@example.jp",
        "language": "ja",
    }
    values.update(fields)
    return Inquiry.objects.create(**values)


# --- The resident's form ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "hanako@example", "メールアドレスの形式が正しくありません"),
        ("email", "", "返信先のメールアドレスを入力してください。"),
        ("subject", "", "件名を入力してください。"),
        ("subject", "段差\r\nBcc: all@example.jp", "件名に改行や制御文字は使えません。"),
        ("name", "花子\nBcc: all@example.jp", "お名前に改行や制御文字は使えません。"),
        ("subject", "あ" * 101, "件名は100文字以内にしてください。"),
        ("body", "   ", "お問い合わせの内容を入力してください。"),
        ("body", "あ" * 2001, "お問い合わせの内容は2000文字以内にしてください"),
        ("consent", "", "個人情報の取り扱いに同意いただけない場合は、送信できません。"),
        ("category", "", "お問い合わせの分類を選んでください。"),
    ],
)
def test_one_wrong_field_is_named_and_everything_typed_is_kept(
    client, ward, categories, field, value, message
):
    data = form(categories["roads"], **{field: value})
    response = send(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="error-summary"' in html and f'href="#id_{field}"' in html
    for name in ("subject", "body", "name", "email"):
        if name != field:
            assert data[name] in html, name
    if field != "category":
        assert f'<option value="{categories["roads"].pk}" selected>' in html
    if field != "consent":
        assert re.search(r'<input type="checkbox" name="consent"[^>]* checked', html)
    assert not Inquiry.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_inquiry_goes_to_the_category_department_and_mails_only_the_reference(
    client, ward, categories, departments, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, form(categories["roads"]))
    assert response.status_code == 302 and response["Location"] == "/faq/inquiry/sent/"
    inquiry = Inquiry.objects.get()
    assert inquiry.department == departments["road"]
    assert inquiry.status == InquiryStatus.RECEIVED and inquiry.first_replied_at is None
    assert inquiry.reference not in response["Location"]  # never in an address

    page = client.get("/faq/inquiry/sent/").content.decode()
    assert inquiry.reference in page

    mail = smtp_server.wait_for(1)[0]
    assert mail["To"] == "hanako@example.jp"
    assert inquiry.reference in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert inquiry.reference in text and "道路課" in text
    # Should the address be mistyped, a stranger learns nothing of what was asked.
    assert BODY not in text and "歩道の段差" not in text and "練馬 花子" not in text

    record = AuditRecord.objects.get(verb="faq.inquiry.received")
    assert record.data == {"department": "road", "category": "roads", "answer": None}


def test_the_confirmation_is_in_the_residents_language(
    client, ward, categories, smtp_server, django_capture_on_commit_callbacks
):
    client.cookies["kuyakusho_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        send(client, form(categories["roads"]))
    inquiry = Inquiry.objects.get()
    assert inquiry.language == "en"
    mail = smtp_server.wait_for(1)[0]
    assert mail["Subject"] == f"We have received your inquiry (reference {inquiry.reference})"
    text = mail.get_body(("plain",)).get_content()
    assert f"Reference: {inquiry.reference}" in text and "Division: Road Division" in text
    assert "受付番号" not in text


def test_coming_from_an_answer_routes_to_that_answers_department(
    client, ward, categories, departments
):
    # An answer in the roads category that the parks division is responsible for.
    parks_answer = make_answer(
        categories["roads"],
        {"ja": ("公園の木の枝が伸びています", "公園緑地課が対応します。")},
        department=departments["parks"],
    )
    page = client.get(f"/faq/inquiry/?answer={parks_answer.pk}").content.decode()
    assert "公園の木の枝が伸びています" in page
    assert f'<option value="{categories["roads"].pk}" selected>' in page

    send(client, form(categories["roads"], answer=str(parks_answer.pk)))
    assert Inquiry.objects.get().department == departments["parks"]
    assert Inquiry.objects.get().answer == parks_answer

    # The resident chose another category after all: that category's department answers.
    send(Client(), form(categories["childcare"], answer=str(parks_answer.pk)))
    assert Inquiry.objects.latest("pk").department == departments["childcare"]

    # A tampered or stale answer number is ignored, not an error.
    assert (
        send(Client(), form(categories["roads"], answer="99999999999999999999")).status_code == 302
    )
    assert Inquiry.objects.latest("pk").department == departments["road"]


def test_the_form_is_rate_limited_and_keeps_the_text(client, ward, categories, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "inquiry", [(2, 600)])
    for _ in range(2):
        assert send(Client(), form(categories["roads"])).status_code == 302
    response = send(Client(), form(categories["roads"]))
    assert response.status_code == 429
    html = response.content.decode()
    assert "しばらく" in html and BODY in html and "hanako@example.jp" in html
    assert Inquiry.objects.count() == 2


def test_correcting_mistakes_does_not_use_up_the_limit(client, ward, categories, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "inquiry", [(1, 600)])
    for _ in range(3):
        assert send(client, form(categories["roads"], email="wrong")).status_code == 400
    assert send(client, form(categories["roads"])).status_code == 302


def test_nothing_personal_reaches_the_audit_log(client, ward, categories):
    send(client, form(categories["roads"]))
    for record in AuditRecord.objects.all():
        text = str(record.data)
        assert "hanako" not in text and "花子" not in text and "段差" not in text


# --- Staff -------------------------------------------------------------------------------------


def open_with_purpose(client: Client, inquiry: Inquiry, purpose: str = "回答の作成"):  # type: ignore[no-untyped-def]
    return client.post(f"/staff/faq/inquiries/{inquiry.pk}/", {"purpose": purpose})


def test_staff_of_another_department_can_neither_see_nor_answer(
    childcare_client, road_client, childcare_staff, categories
):
    road_inquiry = make_inquiry(categories["roads"], subject="道路の件名")
    listing = childcare_client.get("/staff/faq/inquiries/?status=all").content.decode()
    assert road_inquiry.reference not in listing
    assert road_inquiry.reference in road_client.get("/staff/faq/inquiries/").content.decode()
    for path in ("", "reply/", "close/", "transfer/"):
        url = f"/staff/faq/inquiries/{road_inquiry.pk}/{path}"
        response = childcare_client.post(url, {"purpose": "確認", "body": "回答です"})
        assert response.status_code == 404, path
    assert childcare_client.get(f"/staff/faq/inquiries/{road_inquiry.pk}/").status_code == 404
    # The services refuse too, whatever a view might do.
    with pytest.raises(PermissionDenied):
        services_inquiries.open_inquiry(childcare_staff.user, road_inquiry, purpose="確認")
    with pytest.raises(PermissionDenied):
        services_inquiries.reply_to_inquiry(childcare_staff.user, road_inquiry, "回答")
    with pytest.raises(PermissionDenied):
        services_inquiries.close_inquiry(childcare_staff.user, road_inquiry)
    road_inquiry.refresh_from_db()
    assert road_inquiry.status == InquiryStatus.RECEIVED and not InquiryReply.objects.exists()
    assert not AuditRecord.objects.filter(verb="faq.inquiry.personal_data_read").exists()


def test_residents_and_viewers_have_no_inbox(resident_client, departments, categories):
    from ..conftest import make_staff, sign_in

    viewer = sign_in(Client(), make_staff("viewer@example.jp", departments["road"], "staff"))
    inquiry = make_inquiry(categories["roads"])
    assert viewer.get("/staff/faq/inquiries/").status_code == 403
    assert viewer.get(f"/staff/faq/inquiries/{inquiry.pk}/").status_code == 404
    reply = viewer.post(f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": "回答です"})
    assert reply.status_code == 404
    assert resident_client.get("/staff/faq/inquiries/").status_code == 403
    reply = resident_client.post(f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": "回答"})
    assert reply.status_code == 403
    assert not InquiryReply.objects.exists()


def test_the_inbox_lists_no_personal_data(road_client, categories):
    inquiry = make_inquiry(categories["roads"], subject="私の住所について", name="練馬 花子")
    html = road_client.get("/staff/faq/inquiries/").content.decode()
    assert inquiry.reference in html
    assert "私の住所" not in html and "hanako@example.jp" not in html and "練馬 花子" not in html


def test_opening_an_inquiry_asks_a_purpose_and_records_the_read(
    road_client, road_staff, categories
):
    inquiry = make_inquiry(categories["roads"], name="練馬 花子")
    first = road_client.get(f"/staff/faq/inquiries/{inquiry.pk}/").content.decode()
    assert "閲覧の目的" in first and "hanako@example.jp" not in first and BODY not in first
    assert not AuditRecord.objects.filter(verb="faq.inquiry.personal_data_read").exists()

    refused = open_with_purpose(road_client, inquiry, "目的\nです")
    assert refused.status_code == 400 and "改行" in refused.content.decode()
    response = open_with_purpose(road_client, inquiry)
    assert response.status_code == 302
    html = road_client.get(response["Location"]).content.decode()
    assert "hanako@example.jp" in html and BODY in html and "練馬 花子" in html
    read = AuditRecord.objects.get(verb="faq.inquiry.personal_data_read")
    assert (read.actor_id, read.target_id, read.data) == (
        road_staff.user.pk,
        str(inquiry.pk),
        {"purpose": "回答の作成"},
    )
    # Every later display in this session is recorded too, with the same purpose.
    road_client.get(f"/staff/faq/inquiries/{inquiry.pk}/")
    assert AuditRecord.objects.filter(verb="faq.inquiry.personal_data_read").count() == 2


def test_a_reply_is_sent_by_real_mail_stored_and_timed(
    road_client, road_staff, categories, smtp_server
):
    inquiry = make_inquiry(categories["roads"], received_at=timezone.now() - timedelta(hours=5))
    open_with_purpose(road_client, inquiry)
    reply = "お問い合わせの段差は、来週補修します。"
    response = road_client.post(f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": reply})
    assert response.status_code == 302

    mail = smtp_server.wait_for(1)[0]
    assert mail["To"] == "hanako@example.jp"
    assert inquiry.reference in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert reply in text and inquiry.reference in text

    stored = InquiryReply.objects.get()
    assert (stored.body, stored.author) == (reply, road_staff.user)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert inquiry.first_replied_at == stored.sent_at
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    assert AuditRecord.objects.filter(
        verb="faq.inquiry.replied", target_id=str(inquiry.pk)
    ).exists()
    assert reply in road_client.get(f"/staff/faq/inquiries/{inquiry.pk}/").content.decode()

    # A second reply keeps the first-reply time; replying with "close" closes.
    first_reply_at = inquiry.first_replied_at
    road_client.post(
        f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": "補修が終わりました。", "close": "on"}
    )
    inquiry.refresh_from_db()
    assert inquiry.first_replied_at == first_reply_at
    assert inquiry.status == InquiryStatus.CLOSED and inquiry.closed_at is not None
    assert len(smtp_server.wait_for(2)) == 2


def test_a_reply_the_mail_server_refuses_is_not_recorded_and_keeps_the_text(
    road_client, categories, settings
):
    port = free_port()  # nothing listens here
    settings.EMAIL_BACKEND = "kuyakusho.core.mail.OutboxEmailBackend"
    settings.SMTP_URL = f"smtp://127.0.0.1:{port}"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    inquiry = make_inquiry(categories["roads"])
    open_with_purpose(road_client, inquiry)
    reply = "送れなかった回答の本文です。"
    response = road_client.post(f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": reply})
    assert response.status_code == 503
    html = response.content.decode()
    assert "メールを送信できませんでした" in html and reply in html
    inquiry.refresh_from_db()
    assert inquiry.first_replied_at is None and inquiry.status == InquiryStatus.RECEIVED
    assert not InquiryReply.objects.exists()
    assert AuditRecord.objects.filter(verb="faq.inquiry.reply_failed").exists()


def test_an_empty_reply_is_refused(road_client, categories):
    inquiry = make_inquiry(categories["roads"])
    open_with_purpose(road_client, inquiry)
    response = road_client.post(f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": "  "})
    assert response.status_code == 400 and "回答を入力してください。" in response.content.decode()
    inquiry.refresh_from_db()
    assert not InquiryReply.objects.exists() and not OutboxMessage.objects.exists()
    assert inquiry.status == InquiryStatus.RECEIVED and inquiry.first_replied_at is None


def test_a_closed_inquiry_takes_no_reply(road_client, road_staff, categories):
    inquiry = make_inquiry(categories["roads"])
    open_with_purpose(road_client, inquiry)
    assert road_client.post(f"/staff/faq/inquiries/{inquiry.pk}/close/").status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.CLOSED and inquiry.first_replied_at is None
    response = road_client.post(
        f"/staff/faq/inquiries/{inquiry.pk}/reply/", {"body": "回答"}, follow=True
    )
    assert "完了したお問い合わせには回答できません。" in response.content.decode()
    assert not InquiryReply.objects.exists()


def test_an_inquiry_handed_to_another_department_moves_with_its_clock(
    road_client, childcare_client, categories, departments
):
    received = timezone.now() - timedelta(hours=3)
    inquiry = make_inquiry(categories["roads"], received_at=received)
    response = road_client.post(
        f"/staff/faq/inquiries/{inquiry.pk}/transfer/", {"department": departments["childcare"].pk}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.department == departments["childcare"] and inquiry.received_at == received
    assert road_client.get(f"/staff/faq/inquiries/{inquiry.pk}/").status_code == 404
    assert (
        inquiry.reference
        in childcare_client.get(f"/staff/faq/inquiries/{inquiry.pk}/").content.decode()
    )
    record = AuditRecord.objects.get(verb="faq.inquiry.transferred")
    assert record.data == {"from": "road", "to": "childcare"}


def test_response_time_figures_per_department(road_client, categories, departments):
    now = timezone.now()
    roads, childcare = categories["roads"], categories["childcare"]
    make_inquiry(
        roads,
        received_at=now - timedelta(hours=30),
        first_replied_at=now - timedelta(hours=28),  # 2 h
        closed_at=now - timedelta(hours=20),  # 10 h
        status=InquiryStatus.CLOSED,
    )
    make_inquiry(
        roads,
        received_at=now - timedelta(hours=20),
        first_replied_at=now - timedelta(hours=14),  # 6 h
        status=InquiryStatus.ANSWERED,
    )
    make_inquiry(roads, received_at=now - timedelta(hours=10))  # waiting
    make_inquiry(
        childcare, received_at=now - timedelta(hours=50), first_replied_at=now - timedelta(hours=26)
    )  # 24 h
    make_inquiry(roads, received_at=now - timedelta(days=90))  # outside the period

    today = timezone.localdate()
    per_department, total = selectors.response_times(today - timedelta(days=29), today)
    figures = {d.department.code: d.figures for d in per_department}
    road = figures["road"]
    assert (road.received, road.replied, road.waiting, road.closed) == (3, 2, 1, 1)
    assert road.median_first_reply_hours == 4.0 and road.mean_first_reply_hours == 4.0
    assert road.max_first_reply_hours == 6.0 and road.median_close_hours == 10.0
    assert figures["childcare"].median_first_reply_hours == 24.0
    assert (total.received, total.replied) == (4, 3) and total.median_first_reply_hours == 6.0

    html = road_client.get("/staff/faq/inquiries/figures/").content.decode()
    assert "道路課" in html and "子育て支援課" in html and "24.0" in html and "10.0" in html
