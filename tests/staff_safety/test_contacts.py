"""The contact directory: every staff member edits their own private details; only crisis
management reads or corrects anyone else's, behind sudo mode, each read audited with its
purpose; no detail reaches the audit log or a log line."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.staff_safety.models import StaffContact

from ..conftest import reauthenticate, sign_in

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "道路 太郎",
    "personal_email": "taro.home@example.net",
    "mobile_phone": "０９０−１２３４−５６７８",
    "second_email": "",
}


def test_staff_edit_their_own_contact_details(office, road_client, road_staff, caplog):
    page = road_client.get("/staff/safety/my-contact/").content.decode()
    assert "road.staff@example.jp" in page  # where mail goes while no private address is set
    with caplog.at_level(logging.DEBUG):
        response = road_client.post("/staff/safety/my-contact/", DETAILS)
    assert response.status_code == 302
    contact = StaffContact.objects.get(user=road_staff.user)
    assert contact.mobile_phone == "090-1234-5678"  # NFKC
    assert contact.personal_email == "taro.home@example.net"
    record = AuditRecord.objects.get(verb="staff_safety.contact.updated")
    assert record.data == {
        "fields": ["name", "personal_email", "mobile_phone"],
        "own": True,
    }
    logged = caplog.text + str(record.data)
    assert "taro.home" not in logged and "1234" not in logged and "道路 太郎" not in logged
    # Saving the same again records nothing new.
    road_client.post("/staff/safety/my-contact/", {**DETAILS, "mobile_phone": "090-1234-5678"})
    assert AuditRecord.objects.filter(verb="staff_safety.contact.updated").count() == 1


def test_bad_contact_details_are_refused_and_kept_in_the_form(office, road_client, road_staff):
    response = road_client.post(
        "/staff/safety/my-contact/",
        {"name": "道路 太郎", "personal_email": "not-an-address", "mobile_phone": "12345"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "メールアドレスの形式で入力してください" in html
    assert "電話番号は0から始まる10桁か11桁の数字で入力してください" in html
    assert 'value="not-an-address"' in html and 'value="道路 太郎"' in html
    assert not StaffContact.objects.filter(user=road_staff.user).exists()


def test_residents_cannot_reach_any_of_it(office, resident_client):
    for url in ("/staff/safety/", "/staff/safety/my-contact/", "/staff/safety/contacts/"):
        assert resident_client.get(url).status_code == 403


def test_only_crisis_management_opens_the_directory(office, road_client, ict_client):
    assert road_client.get("/staff/safety/contacts/").status_code == 403
    assert road_client.post("/staff/safety/contacts/", {"purpose": "見たい"}).status_code == 403
    # Not even the ICT division's admin: the permission is crisis_management_only.
    assert ict_client.post("/staff/safety/contacts/", {"purpose": "見たい"}).status_code == 403
    road_id = office["road"].user.pk
    assert (
        road_client.post(f"/staff/safety/contacts/{road_id}/", {"action": "open"}).status_code
        == 403
    )
    assert not AuditRecord.objects.filter(verb__startswith="staff_safety.contact").exists()


def test_the_directory_asks_for_sudo_and_a_purpose_and_audits_the_read(office, crisis_staff):
    client = sign_in(Client(), crisis_staff)
    StaffContact.objects.create(
        user=office["road"].user, personal_email="taro.home@example.net", mobile_phone="09011112222"
    )
    response = client.get("/staff/safety/contacts/")
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    reauthenticate(client, crisis_staff)
    page = client.get("/staff/safety/contacts/").content.decode()
    assert "taro.home@example.net" not in page  # nothing shown before a purpose is given
    response = client.post("/staff/safety/contacts/", {"purpose": ""})
    assert (
        response.status_code == 400
        and "閲覧の目的を入力してください。" in response.content.decode()
    )
    page = client.post(
        "/staff/safety/contacts/", {"purpose": "安否確認訓練の準備"}
    ).content.decode()
    assert "taro.home@example.net" in page and "09011112222" in page
    assert "未登録（職員アカウントに送ります）" in page  # the others
    assert "gone@example.jp" not in page  # switched-off accounts are not staff any more
    record = AuditRecord.objects.get(verb="staff_safety.contacts.read")
    assert record.data == {"purpose": "安否確認訓練の準備", "count": 5, "with_details": 1}
    assert record.actor_id == crisis_staff.user.pk


def test_crisis_management_corrects_a_contact_with_a_purpose(office, crisis_staff):
    client = reauthenticate(sign_in(Client(), crisis_staff), crisis_staff)
    user = office["parks"].user
    url = f"/staff/safety/contacts/{user.pk}/"
    assert "連絡先を開く" in client.get(url).content.decode()
    assert not AuditRecord.objects.filter(verb="staff_safety.contact.read").exists()
    page = client.post(url, {"action": "open", "purpose": "メール不達の確認"}).content.decode()
    assert 'value="メール不達の確認"' in page
    read = AuditRecord.objects.get(verb="staff_safety.contact.read")
    assert read.target_id == str(user.pk) and read.data == {"purpose": "メール不達の確認"}
    response = client.post(
        url,
        {
            "action": "save",
            "purpose": "メール不達の確認",
            "personal_email": "parks.home@example.net",
        },
    )
    assert response.status_code == 302
    assert StaffContact.objects.get(user=user).personal_email == "parks.home@example.net"
    changed = AuditRecord.objects.get(verb="staff_safety.contact.updated")
    assert changed.data == {
        "fields": ["personal_email"],
        "purpose": "メール不達の確認",
        "own": False,
    }
    # A bad value comes back with what was typed; an unknown person is a 404.
    response = client.post(url, {"action": "save", "purpose": "訂正", "mobile_phone": "abc"})
    assert response.status_code == 400 and 'value="abc"' in response.content.decode()
    assert client.post("/staff/safety/contacts/999999/", {"action": "open"}).status_code == 404
