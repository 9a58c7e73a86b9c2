"""Back office: staff register facilities of their own department, with hours, checklists and a
point inside the ward; refusals keep what was typed; other departments' facilities are out of
reach; publish/unpublish; the ICT division's types and landmarks. Every change is audited."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.core.search import search
from kuyakusho.facilities import services
from kuyakusho.facilities.models import Facility, FacilityType, Landmark

from ..conftest import make_staff, sign_in
from .conftest import CENTRE, make_facility

pytestmark = pytest.mark.django_db


def form_data(types, department, **overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "type": types["nursery"].pk,
        "department": department.pk,
        "name_ja": "ひまわり保育園",
        "name_kana": "ひまわりほいくえん",
        "name_en": "Himawari Nursery",
        "postal_code": "１７６８５０１",
        "address": "東京都練馬区豊玉北6-1-1",
        "town": "豊玉北",
        "lat": "35.7360",
        "lon": "139.6520",
        "phone": "03-0000-0001",
        "wifi": "ward",
        "wifi_ssid": "Sample_WiFi",
        "barrier_free": ["accessible_toilet", "nursing_room"],
        "hours_0": "7:00-20:00",
        "hours_1": "７：００〜２０：００",
        "hours_2": "7:00-12:00, 13:00-20:00",
        "hours_5": "",
        "hours_7": "休館",
        "is_published": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def childcare_client(childcare_staff) -> Client:
    return sign_in(Client(), childcare_staff)


def test_staff_register_a_facility_of_their_department(childcare_client, departments, types):
    response = childcare_client.post(
        "/staff/facilities/new/", form_data(types, departments["childcare"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    facility = Facility.objects.get()
    assert facility.postal_code == "176-8501"
    assert facility.has_accessible_toilet and facility.has_nursing_room
    assert not facility.has_elevator
    assert [(h.day, h.opens, h.closes) for h in facility.hours.all()] == [
        (0, 420, 1200),
        (1, 420, 1200),
        (2, 420, 720),
        (2, 780, 1200),
    ]
    verbs = list(
        AuditRecord.objects.filter(target_type="facilities.facility", target_id=str(facility.pk))
        .order_by("sequence")
        .values_list("verb", flat=True)
    )
    assert verbs == ["facilities.facility.created", "facilities.facility.published"]
    assert search("ひまわり", doc_types="facility").total == 2  # Japanese and English documents
    # The edit form shows the hours as they were typed, normalised.
    edit = childcare_client.get(f"/staff/facilities/{facility.pk}/").content.decode()
    assert 'value="07:00-12:00, 13:00-20:00"' in edit


def test_a_point_outside_the_ward_is_refused_and_the_form_keeps_everything(
    childcare_client, departments, types
):
    data = form_data(types, departments["childcare"], lat="35.0", lon="139.0")
    response = childcare_client.post("/staff/facilities/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "練馬区の区域の外です" in body
    assert 'name="lat" value="35.0"' in body and 'name="lon" value="139.0"' in body
    assert 'value="ひまわり保育園"' in body and 'value="7:00-12:00, 13:00-20:00"' in body
    assert re.search(r'value="nursing_room"[^>]*checked', body)
    assert not Facility.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours_0": "9時から5時"}, "を時間として読み取れません"),
        ({"hours_0": "17:00-9:00"}, "終わりが始まりより前です"),
        ({"hours_0": "9:00-13:00, 12:00-17:00"}, "が重なっています"),
        ({"hours_0": "9:00-25:00"}, "0:00 から 24:00 の間ではない時刻"),
        ({"name_kana": "光が丘"}, "漢字は使えません"),
        ({"postal_code": "17685"}, "郵便番号は7桁の数字"),
        ({"corporate_number": "1000012050002"}, "検査数字"),
        ({"lat": "北緯35度"}, "緯度は数値で入力してください。"),
        ({"lon": ""}, "REQUIRED"),  # Django's required-field message, as the site words it
    ],
)
def test_bad_input_is_explained_on_the_field_and_nothing_is_lost(
    childcare_client, departments, types, overrides, message
):
    data = form_data(types, departments["childcare"], **overrides)
    response = childcare_client.post("/staff/facilities/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    if message == "REQUIRED":
        from django import forms
        from django.utils import translation

        with translation.override("ja"):
            message = str(forms.Field().error_messages["required"])
    assert message in body
    assert 'value="Himawari Nursery"' in body
    assert not Facility.objects.exists()


def test_errors_are_listed_at_the_top_and_linked_to_their_fields(
    childcare_client, departments, types
):
    """What a screen-reader or keyboard user relies on: the summary's links lead to each wrong
    field (the first box of a group of checkboxes), and each field announces its hint and its
    error."""
    data = form_data(
        types, departments["childcare"], name_kana="光", hours_0="x", barrier_free=["jacuzzi"]
    )
    response = childcare_client.post("/staff/facilities/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('id="error-summary"')
    summary = body[start : body.index("</div>", start)]
    assert re.findall(r'<a href="#([^"]+)">', summary) == [
        "id_name_kana",
        "id_barrier_free_0",
        "id_hours_0",
    ]
    assert 'id="id_barrier_free_0"' in body
    assert "よみがな: よみがなは、ひらがなかカタカナで入力してください" in summary
    # Hint and error are tied to their input; a group's fieldset names its error.
    assert '<div class="hint" id="id_name_kana_helptext">' in body
    assert '<div class="field-error" id="id_name_kana-error">' in body
    assert re.search(r'<input[^>]*name="name_kana" value="光"[^>]*aria-invalid="true"', body)
    assert '<fieldset aria-describedby="id_barrier_free-error">' in body
    assert '<label for="id_hours_0">月曜日:</label>' in body and 'value="x"' in body
    assert body.count('name="name_kana"') == 1  # each field once, in its fieldset


def test_a_valid_corporate_number_is_accepted(childcare_client, departments, types):
    # 7000012050002 is the published 法人番号 of 国税庁: its check digit is 7.
    data = form_data(types, departments["childcare"], corporate_number="7000012050002")
    assert childcare_client.post("/staff/facilities/new/", data).status_code == 302


def test_staff_of_one_department_cannot_touch_another_departments_facility(
    childcare_client, childcare_staff, departments, types
):
    road_facility = make_facility(
        "道路課の施設", type=types["park"], department=departments["road"]
    )
    assert childcare_client.get(f"/staff/facilities/{road_facility.pk}/").status_code == 403
    data = form_data(types, departments["childcare"], name_ja="乗っ取り")
    assert childcare_client.post(f"/staff/facilities/{road_facility.pk}/", data).status_code == 403
    response = childcare_client.post(
        f"/staff/facilities/{road_facility.pk}/publication/", {"publish": "0"}
    )
    assert response.status_code == 403
    road_facility.refresh_from_db()
    assert road_facility.name_ja == "道路課の施設" and road_facility.is_published
    # Creating one for another department is refused by the form (not a choice) …
    response = childcare_client.post(
        "/staff/facilities/new/", form_data(types, departments["road"])
    )
    assert response.status_code == 400 and not Facility.objects.filter(name_ja="ひまわり保育園")
    # … and by the service, which the API or a script would reach directly.
    with pytest.raises(PermissionDenied):
        services.set_published(childcare_staff.user, road_facility, False)
    road_facility.name_ja = "乗っ取り"
    with pytest.raises(PermissionDenied):
        services.save_facility(childcare_staff.user, road_facility)
    # The staff list shows only the person's own departments.
    listing = childcare_client.get("/staff/facilities/").content.decode()
    assert "道路課の施設" not in listing


def test_moving_a_facility_to_another_department_needs_both(childcare_staff, departments, types):
    facility = make_facility("保育園", type=types["nursery"], department=departments["childcare"])
    facility.department = departments["road"]
    with pytest.raises(PermissionDenied):
        services.save_facility(childcare_staff.user, facility)


def test_a_viewer_sees_the_list_but_cannot_edit(ward, departments, types):
    viewer = make_staff("childcare.viewer@example.jp", departments["childcare"], "staff")
    facility = make_facility("保育園", type=types["nursery"], department=departments["childcare"])
    client = sign_in(Client(), viewer)
    listing = client.get("/staff/facilities/").content.decode()
    assert "保育園" in listing and f"/staff/facilities/{facility.pk}/" not in listing
    assert client.get(f"/staff/facilities/{facility.pk}/").status_code == 403
    assert client.get("/staff/facilities/new/").status_code == 403
    data = form_data(types, departments["childcare"], name_ja="閲覧者の変更")
    assert client.post(f"/staff/facilities/{facility.pk}/", data).status_code == 403
    publication = f"/staff/facilities/{facility.pk}/publication/"
    assert client.post(publication, {"publish": "0"}).status_code == 403
    facility.refresh_from_db()
    assert (facility.name_ja, facility.is_published) == ("保育園", True)


def test_the_ict_admin_manages_every_departments_facilities(ict_client, departments, types):
    facility = make_facility("公園", type=types["park"], department=departments["parks"])
    data = form_data(types, departments["parks"], name_ja="中央公園", type=types["park"].pk)
    response = ict_client.post(f"/staff/facilities/{facility.pk}/", data)
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.name_ja == "中央公園"
    record = AuditRecord.objects.get(verb="facilities.facility.changed")
    assert "name_ja" in record.data["fields"] and "hours" in record.data["fields"]


def test_unpublishing_removes_the_facility_from_every_public_place(
    childcare_client, departments, types
):
    facility = make_facility("ひまわり保育園", type=types["nursery"],
                             department=departments["childcare"])  # fmt: skip
    assert search("ひまわり", doc_types="facility").total == 1
    response = childcare_client.post(
        f"/staff/facilities/{facility.pk}/publication/", {"publish": "0"}
    )
    assert response.status_code == 302
    assert search("ひまわり", doc_types="facility").total == 0
    assert Client().get(f"/facilities/{facility.pk}/").status_code == 404
    assert AuditRecord.objects.filter(verb="facilities.facility.unpublished").count() == 1
    childcare_client.post(f"/staff/facilities/{facility.pk}/publication/", {"publish": "1"})
    assert search("ひまわり", doc_types="facility").total == 1
    assert "ひまわり保育園" in Client().get(f"/facilities/{facility.pk}/").content.decode()


def test_facility_types_are_managed_by_the_ict_division(ict_client, childcare_client, types):
    data = {"code": "gym", "name_ja": "体育館", "name_en": "Gymnasium", "sort_order": "30"}
    assert childcare_client.post("/staff/facilities/types/", data).status_code == 403
    response = ict_client.post("/staff/facilities/types/", {**data, "is_public_facility": "on"})
    assert response.status_code == 302
    assert FacilityType.objects.get(code="gym").is_public_facility
    assert AuditRecord.objects.filter(verb="facilities.type.created").exists()
    duplicate = ict_client.post("/staff/facilities/types/", data)
    assert duplicate.status_code == 400 and 'value="体育館"' in duplicate.content.decode()


def test_renaming_a_type_updates_the_search_index(ict_admin, departments, types):
    make_facility("第一館", type=types["library"], department=departments["road"])
    library = types["library"]
    library.name_ja = "ライブラリー"
    services.save_type(ict_admin.user, library)
    assert search("ライブラリー", doc_types="facility").total == 1


def test_landmarks_inside_the_ward_only(ict_client, childcare_client, ward):
    data = {"name_ja": "練馬駅", "name_en": "Nerima Station", "lat": "35.7379", "lon": "139.6542",
            "sort_order": "10"}  # fmt: skip
    assert childcare_client.post("/staff/facilities/landmarks/", data).status_code == 403
    outside = ict_client.post("/staff/facilities/landmarks/", {**data, "lat": "34.70"})
    assert outside.status_code == 400
    assert "区域の外" in outside.content.decode() and 'value="34.70"' in outside.content.decode()
    assert ict_client.post("/staff/facilities/landmarks/", data).status_code == 302
    landmark = Landmark.objects.get()
    assert (landmark.lat, landmark.lon) == (35.7379, 139.6542)
    assert ict_client.post(f"/staff/facilities/landmarks/{landmark.pk}/delete/").status_code == 302
    assert not Landmark.objects.exists()
    verbs = set(AuditRecord.objects.values_list("verb", flat=True))
    assert {"facilities.landmark.created", "facilities.landmark.deleted"} <= verbs


def test_the_staff_form_map_starts_at_the_saved_point(childcare_client, departments, types):
    facility = make_facility("保育園", type=types["nursery"], department=departments["childcare"],
                             at=CENTRE)  # fmt: skip
    body = childcare_client.get(f"/staff/facilities/{facility.pk}/").content.decode()
    assert '"coordinates": [139.6516, 35.7356]' in body
    assert 'data-pick-lat="#id_lat"' in body


def test_a_person_with_one_department_finds_it_chosen(childcare_client, departments, types):
    body = childcare_client.get("/staff/facilities/new/").content.decode()
    options = re.findall(
        r'<option value="(\d+)"( selected)?>', body[body.index('name="department"') :]
    )
    assert options[0] == (str(departments["childcare"].pk), " selected") and len(options) == 1
