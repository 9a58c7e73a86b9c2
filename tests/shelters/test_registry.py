"""The registry: crisis-management staff create and edit shelters (several designations on one
site, the disaster types of a 指定緊急避難場所, accessibility, a staff-only contact, a link to a
facility); refusals say what is wrong and keep what was typed; nobody else can reach it; every
change is audited; the live status is not the registry's to change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kuyakusho.core.models import AuditRecord
from kuyakusho.facilities.models import Facility, FacilityType
from kuyakusho.shelters import services
from kuyakusho.shelters.models import Shelter

from .conftest import make_shelter

pytestmark = pytest.mark.django_db


def form_data(departments, **overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "kinds": ["designated_shelter", "evacuation_site"],
        "department": departments["residents"].pk,
        "name_ja": "第三小学校",
        "name_kana": "ダイサンショウガッコウ",
        "name_en": "Elementary School 3",
        "address": "東京都練馬区豊玉北3-3-3",
        "lat": "３５.７４",
        "lon": "139.65",
        "capacity": "450",
        "hazards": ["earthquake", "large_fire"],
        "phone": "03-0000-0003",
        "staff_contact": "副校長 携帯 090-3333-4444",
        "accessibility": ["elevator", "accessible_toilet"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_crisis_staff_register_a_shelter_with_several_designations(crisis_client, departments):
    response = crisis_client.post("/staff/shelters/registry/new/", form_data(departments))
    assert response.status_code == 302, response.content.decode()[:3000]
    shelter = Shelter.objects.get()
    assert shelter.is_designated_shelter and shelter.is_evacuation_site
    assert not shelter.is_welfare_shelter and not shelter.is_temporary_stay
    assert shelter.evacuation_earthquake and shelter.evacuation_large_fire
    assert not shelter.evacuation_flood
    assert shelter.has_elevator and shelter.has_accessible_toilet and not shelter.has_hearing_loop
    assert (shelter.lat, shelter.lon, shelter.capacity) == (35.74, 139.65, 450)
    assert shelter.status == "closed" and shelter.head_count == 0
    record = AuditRecord.objects.get(verb="shelters.shelter.created")
    assert record.data == {
        "department": "residents",
        "kinds": ["designated_shelter", "evacuation_site"],
        "active": True,
    }
    # The edit form shows the checklists as saved.
    edit = crisis_client.get(f"/staff/shelters/registry/{shelter.pk}/").content.decode()
    assert 'value="evacuation_site" id="id_kinds_1" checked' in edit
    assert 'value="large_fire" id="id_hazards_5" checked' in edit


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kinds": []}, "kinds", "種別を1つ以上選んでください。"),
        ({"hazards": []}, "hazards", "対象とする災害を1つ以上選んでください。"),
        (
            {"kinds": ["designated_shelter"]},
            "hazards",
            "対象とする災害は、指定緊急避難場所のときだけ選べます。",
        ),
        ({"lat": "34.70", "lon": "135.50"}, "lat", "区域の外です"),
        ({"lat": "北緯35度"}, "lat", "緯度は数値で入力してください。"),
        ({"name_kana": "第三小"}, "name_kana", "よみがなは、ひらがなかカタカナで"),
        ({"capacity": "0"}, "capacity", "1 以上"),
        ({"capacity": "たくさん"}, "capacity", "整数"),
    ],
)
def test_refusals_name_the_field_and_keep_what_was_typed(
    crisis_client, departments, overrides, field, message
):
    data = form_data(departments, **overrides)
    response = crisis_client.post("/staff/shelters/registry/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert 'value="第三小学校"' in page and "副校長 携帯 090-3333-4444" in page
    assert not Shelter.objects.exists()


def test_editing_changes_the_registry_but_never_the_live_status(
    crisis_client, crisis_staff, site_staff, school, departments
):
    services.update_status(site_staff.user, school, status="open", head_count=40)
    data = form_data(departments, name_ja="第一小学校（改築後）", capacity="520")
    response = crisis_client.post(f"/staff/shelters/registry/{school.pk}/", data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.name_ja == "第一小学校（改築後）" and school.capacity == 520
    assert (school.status, school.head_count) == ("open", 40)
    record = AuditRecord.objects.filter(verb="shelters.shelter.changed").get()
    assert {"name_ja", "capacity"} <= set(record.data["fields"])
    assert "staff_contact" not in str(record.data.get("values", ""))


def test_an_open_shelter_cannot_be_deactivated(crisis_client, site_staff, school, departments):
    services.update_status(site_staff.user, school, status="open", head_count=10)
    data = form_data(departments)
    del data["is_active"]
    response = crisis_client.post(f"/staff/shelters/registry/{school.pk}/", data)
    assert response.status_code == 400
    assert "先に「閉鎖」にしてください" in response.content.decode()
    services.update_status(site_staff.user, school, status="closed")
    assert crisis_client.post(f"/staff/shelters/registry/{school.pk}/", data).status_code == 302
    school.refresh_from_db()
    assert not school.is_active


def test_a_shelter_links_only_to_a_published_facility(crisis_client, departments):
    kind = FacilityType.objects.create(code="school", name_ja="小学校")
    facility = Facility.objects.create(
        type=kind,
        department=departments["residents"],
        name_ja="第三小学校",
        name_kana="だいさんしょうがっこう",
        address="東京都練馬区豊玉北3-3-3",
        lat=35.74,
        lon=139.65,
        is_published=True,
    )
    hidden = Facility.objects.create(
        type=kind,
        department=departments["residents"],
        name_ja="非公開の学校",
        name_kana="ひこうかい",
        address="東京都練馬区",
        lat=35.74,
        lon=139.65,
        is_published=False,
    )
    refused = crisis_client.post(
        "/staff/shelters/registry/new/", form_data(departments, facility=hidden.pk)
    )
    assert refused.status_code == 400 and "facility" in refused.context["form"].errors
    response = crisis_client.post(
        "/staff/shelters/registry/new/", form_data(departments, facility=facility.pk)
    )
    assert response.status_code == 302
    shelter = Shelter.objects.get()
    assert shelter.facility_id == facility.pk
    page = crisis_client.get(f"/shelters/{shelter.pk}/").content.decode()
    assert f'href="/facilities/{facility.pk}/"' in page


def test_only_crisis_management_reaches_the_registry(
    road_client, site_client, ict_client, site_staff, school, departments
):
    for client in (road_client, site_client, ict_client):
        assert client.get("/staff/shelters/registry/").status_code == 403
        assert client.get("/staff/shelters/registry/new/").status_code == 403
        response = client.post(f"/staff/shelters/registry/{school.pk}/", form_data(departments))
        assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_shelter(site_staff.user, Shelter(name_ja="x"))
    school.refresh_from_db()
    assert school.name_ja == "第一小学校"


def test_the_registry_lists_inactive_shelters_too(crisis_client, departments):
    make_shelter("休止中の避難所", department=departments["residents"], is_active=False)
    make_shelter("第二小学校", department=departments["residents"])
    page = crisis_client.get("/staff/shelters/registry/").content.decode()
    assert "休止中の避難所" in page and "第二小学校" in page and "無効" in page
    found = crisis_client.get("/staff/shelters/registry/?q=第二").content.decode()
    assert "第二小学校" in found and "休止中の避難所" not in found
    nul = crisis_client.get("/staff/shelters/registry/?q=%00")
    assert nul.status_code == 200


def test_the_model_refuses_a_site_without_designation(departments, ward):
    shelter = Shelter(
        department=departments["residents"],
        name_ja="x",
        name_kana="えっくす",
        address="x",
        lat=35.73,
        lon=139.65,
        capacity=10,
    )
    with pytest.raises(ValidationError) as error:
        shelter.full_clean()
    assert "kinds" in error.value.message_dict
