"""Residents' profile: optional fields, clear errors that keep what was typed, audited staff reads."""

from __future__ import annotations

import pytest

from kuyakusho.accounts.models import ResidentProfile
from kuyakusho.core.models import AuditRecord

from ..conftest import reauthenticate

pytestmark = pytest.mark.django_db

VALID = {
    "family_name": "練馬",
    "given_name": "太郎",
    "family_name_kana": "ネリマ",
    "given_name_kana": "たろう",
    "postal_code": "１７６－８５０１",
    "address": "東京都練馬区豊玉北6-12-1",
    "phone": "03-3993-1111",
    "birth_date": "1950-04-01",
    "sex": "male",
}


def test_an_empty_profile_is_accepted(resident_client):
    response = resident_client.post("/mypage/profile/", {})
    assert response.status_code == 302, response.context["form"].errors


def test_profile_is_saved_and_normalised(resident_client, resident):
    response = resident_client.post("/mypage/profile/", VALID)
    assert response.status_code == 302, response.context["form"].errors
    profile = ResidentProfile.objects.get(user=resident.user)
    assert profile.postal_code == "176-8501"  # 全角 digits and dash accepted
    assert profile.family_name_kana == "ネリマ"
    record = AuditRecord.objects.get(verb="accounts.profile.updated")
    assert "postal_code" in record.data["fields"]
    assert "176" not in str(record.data)  # field names only, never the values


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "12-34", "郵便番号は7桁"),
        ("family_name_kana", "Nerima", "ひらがなまたはカタカナ"),
        ("birth_date", "1950-13-45", "生年月日"),
        ("sex", "unknown", "性別"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    resident_client, field, value, message
):
    data = {**VALID, field: value}
    response = resident_client.post("/mypage/profile/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="東京都練馬区豊玉北6-12-1"' in body  # nothing already entered is lost
    assert 'role="alert"' in body


def test_anonymous_visitors_are_sent_to_sign_in():
    from django.test import Client

    response = Client().get("/mypage/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_read_of_a_resident_is_audited_with_its_purpose(road_client, road_staff, resident):
    reauthenticate(road_client, road_staff)
    response = road_client.post(
        "/staff/residents/",
        {
            "email": resident.email,
            "purpose": "道路損傷の問い合わせ対応",
            "resident": resident.user.pk,
        },
    )
    assert response.status_code == 200
    assert "花子" in response.content.decode()
    record = AuditRecord.objects.get(verb="accounts.resident.personal_data_read")
    assert record.actor_id == road_staff.user.pk
    assert record.target_id == str(resident.user.pk)
    assert record.data["purpose"] == "道路損傷の問い合わせ対応"


def test_staff_lookup_without_purpose_is_refused_and_reads_nothing(
    road_client, road_staff, resident
):
    reauthenticate(road_client, road_staff)
    response = road_client.post(
        "/staff/residents/", {"email": resident.email, "purpose": "", "resident": resident.user.pk}
    )
    assert response.status_code == 400
    assert "花子" not in response.content.decode()
    assert not AuditRecord.objects.filter(verb="accounts.resident.personal_data_read").exists()


def test_the_lookup_never_puts_the_address_in_the_url(road_client, road_staff, resident):
    reauthenticate(road_client, road_staff)
    response = road_client.get(f"/staff/residents/?email={resident.email}")
    assert "花子" not in response.content.decode()
