"""Ward profile: the municipality code and its check digit, the map bounds, uploads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from kuyakusho.core.demo import WARDS
from kuyakusho.core.forms import WardProfileForm
from kuyakusho.core.models import AuditRecord, WardProfile
from kuyakusho.core.municipality import (
    check_digit,
    is_valid_municipality_code,
    validate_municipality_code,
)

from ..conftest import reauthenticate


@pytest.mark.parametrize("code", ["131202", "131172", "131156", "011002", "131016"])
def test_real_codes_are_valid(code):
    assert is_valid_municipality_code(code)
    validate_municipality_code(code)


@pytest.mark.parametrize(
    "code", ["131201", "13120", "1312020", "13120a", "１３１２０２", "", "      "]
)
def test_malformed_codes_are_rejected_with_a_reason(code):
    with pytest.raises(ValidationError) as error:
        validate_municipality_code(code)
    assert error.value.messages[0]


def test_the_message_names_the_correct_check_digit():
    with pytest.raises(ValidationError) as error:
        validate_municipality_code("131209")
    assert "2" in error.value.messages[0]


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_exactly_one_check_digit_is_valid_for_every_five_digits(first_five):
    valid = [d for d in "0123456789" if is_valid_municipality_code(first_five + d)]
    assert valid == [str(check_digit(first_five))]


@pytest.mark.django_db
def test_model_rejects_a_centre_outside_the_bounds():
    ward = WardProfile(slug="x", **{**WARDS["kita"], "centre_lat": 35.0})
    with pytest.raises(ValidationError) as error:
        ward.full_clean()
    assert "centre_lat" in error.value.message_dict


@pytest.fixture
def settings_page(ict_client, ict_admin):
    return reauthenticate(ict_client, ict_admin)


def _form_data(ward, **changes):
    """What the settings form shows for the ward now, as a browser would post it back."""
    files = {"emblem", "enabled_languages"}
    data = {name: getattr(ward, name) for name in WardProfileForm.Meta.fields if name not in files}
    data["enabled_languages"] = ward.enabled_languages
    data.update(changes)
    return data


@pytest.mark.django_db
def test_ict_admin_updates_the_ward_profile_and_it_is_audited(settings_page, ward):
    response = settings_page.post("/staff/ward/", _form_data(ward, phone="03-0000-0000"))
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.phone == "03-0000-0000"
    assert AuditRecord.objects.filter(verb="core.ward.updated", data__fields=["phone"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"municipality_code": "131203"}, "検査数字"),
        ({"municipality_code": "13-120"}, "半角数字6桁"),
        ({"centre_lat": "34.0"}, "範囲の外"),
        ({"bounds_north": "35.0"}, "北端は南端より北"),
        ({"centre_lat": "north"}, "数値"),
        ({"enabled_languages": ["en"]}, "日本語は必ず使用します"),
        ({"enabled_languages": ["ja", "klingon"]}, "klingon"),
    ],
)
def test_bad_ward_settings_are_refused_and_keep_what_was_typed(
    settings_page, ward, changes, message
):
    response = settings_page.post(
        "/staff/ward/", _form_data(ward, address="東京都練馬区テスト1-2-3", **changes)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "東京都練馬区テスト1-2-3" in body
    ward.refresh_from_db()
    assert ward.address != "東京都練馬区テスト1-2-3"


@pytest.mark.django_db
def test_an_oversized_emblem_is_refused_with_both_sizes(settings_page, ward, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("emblem.png", b"\x89PNG" + b"0" * 4000, content_type="image/png")
    response = settings_page.post("/staff/ward/", {**_form_data(ward), "emblem": big})
    assert response.status_code == 400
    body = response.content.decode()
    assert "ファイルが大きすぎます" in body
    assert "1.0" in body  # the limit is stated


@pytest.mark.django_db
def test_other_staff_cannot_change_ward_settings(road_client, ward):
    response = road_client.post("/staff/ward/", _form_data(ward, phone="03-9999-9999"))
    assert response.status_code == 403
    ward.refresh_from_db()
    assert ward.phone != "03-9999-9999"
