"""The disaster HQ: who may open it, filters, totals by area × type, the timeline, review
(forged or stale transitions refused), the response status, the audited contact read and the
exports (CSV with a BOM, GeoJSON; contacts only when asked for, allowed and audited)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.damage import services
from kuyakusho.damage.models import DamageReport

from ..conftest import sign_in
from .conftest import EAST, WEST, form_data, report_input


@pytest.fixture
def reports(road_staff, areas):
    """A verified fire in the west, a resident's unverified collapse in the east (with a
    contact), and an exercise road cut in the east."""
    fire = services.file_staff_report(
        road_staff.user, report_input(kind="fire", severity="critical", lat=WEST[0], lon=WEST[1],
                                      injured=2, description="=HYPERLINK(\"x\")")
    )  # fmt: skip
    collapse = services.file_resident_report(
        report_input(kind="building_collapse", description="家が傾いている",
                     contact_name="練馬 花子", contact_phone="090-1234-5678")
    )  # fmt: skip
    drill = services.file_staff_report(road_staff.user, report_input(is_exercise=True))
    return {"fire": fire, "collapse": collapse, "drill": drill}


def test_only_crisis_management_opens_the_hq(road_client, hq_member, reports):
    assert road_client.get("/staff/damage/").status_code == 403
    assert road_client.get(f"/staff/damage/{reports['fire'].pk}/").status_code == 403
    assert road_client.get("/staff/damage/export.csv").status_code == 403
    member = sign_in(Client(), hq_member)
    assert member.get("/staff/damage/").status_code == 200


def test_any_staff_member_may_open_the_report_form(road_client, ward):
    response = road_client.get("/staff/damage/new/")
    assert response.status_code == 200 and "被害を報告する" in response.content.decode()


def test_shelter_staff_start_from_their_shelter_with_its_position(site_staff, school):
    client = sign_in(Client(), site_staff)
    response = client.get(f"/staff/damage/new/?shelter={school.pk}")
    form = response.context["form"]
    assert form["lat"].value() == f"{school.lat:.6f}" and form["shelter"].value() == school.pk
    data = form_data(shelter=str(school.pk), lat=str(school.lat), lon=str(school.lon))
    response = client.post(f"/staff/damage/new/?shelter={school.pk}", data)
    assert response.status_code == 302
    report = DamageReport.objects.get()
    assert report.source == "shelter" and report.status == "verified"
    assert (
        "この避難所から被害を報告する"
        in client.get(f"/staff/shelters/{school.pk}/status/").content.decode()
    )


def test_the_hq_shows_filters_totals_and_timeline(crisis_client, reports):
    response = crisis_client.get("/staff/damage/")
    text = response.content.decode()
    assert response.status_code == 200
    for report in reports.values():
        assert report.reference in text
    assert "【訓練】" in text
    totals = response.context["totals"]
    east = next(row for row in totals.rows if row.label == "東地域")
    assert east.total == 2 and totals.total == 3
    assert [e.report_id for e in response.context["timeline"]] == [
        reports["fire"].pk,
        reports["collapse"].pk,
        reports["drill"].pk,
    ]
    only = crisis_client.get("/staff/damage/?status=unverified&exercise=real")
    assert [r.pk for r in only.context["reports"]] == [reports["collapse"].pk]
    west = crisis_client.get("/staff/damage/?area=west&kind=fire")
    assert [r.pk for r in west.context["reports"]] == [reports["fire"].pk]
    wrong = crisis_client.get("/staff/damage/?kind=meteor&area=west")
    assert wrong.status_code == 400 and [r.pk for r in wrong.context["reports"]] == [
        reports["fire"].pk
    ]


def test_verify_by_keyboardable_buttons_then_it_is_public(crisis_client, client, reports):
    collapse = reports["collapse"]
    response = crisis_client.post(f"/staff/damage/{collapse.pk}/review/",
                                  {"status": "verified", "note": "現地で確認"})  # fmt: skip
    assert response.status_code == 302
    collapse.refresh_from_db()
    assert collapse.status == "verified"
    assert "家が傾いている" in client.get("/damage/").content.decode()
    event = collapse.events.last()
    assert (event.previous, event.value, event.note) == ("unverified", "verified", "現地で確認")
    assert AuditRecord.objects.filter(verb="damage.report.reviewed").exists()


def test_forged_or_stale_transitions_are_refused_and_change_nothing(
    crisis_client, crisis_staff, reports
):
    fire = reports["fire"]  # verified
    response = crisis_client.post(f"/staff/damage/{fire.pk}/review/", {"status": "unverified"})
    assert response.status_code == 400 and "にはできません" in response.content.decode()
    response = crisis_client.post(f"/staff/damage/{fire.pk}/review/", {"status": "approved"})
    assert response.status_code == 400
    fire.refresh_from_db()
    assert fire.status == "verified"
    with pytest.raises(ValidationError):
        services.review(crisis_staff.user, fire, status="verified")


def test_a_duplicate_links_to_the_original_never_to_itself(crisis_client, reports):
    fire, collapse = reports["fire"], reports["collapse"]
    response = crisis_client.post(f"/staff/damage/{collapse.pk}/review/", {"status": "duplicate"})
    assert response.status_code == 400 and "元の報告の番号" in response.content.decode()
    response = crisis_client.post(f"/staff/damage/{collapse.pk}/review/",
                                  {"status": "duplicate", "duplicate_of": "D-999999"})  # fmt: skip
    assert response.status_code == 400 and "その番号の報告はありません" in response.content.decode()
    response = crisis_client.post(f"/staff/damage/{collapse.pk}/review/",
                                  {"status": "duplicate", "duplicate_of": fire.reference})  # fmt: skip
    assert response.status_code == 302
    collapse.refresh_from_db()
    assert collapse.status == "duplicate" and collapse.duplicate_of == fire
    assert fire.reference in crisis_client.get(f"/staff/damage/{collapse.pk}/").content.decode()


def test_the_response_status_is_only_for_verified_reports(crisis_client, reports):
    response = crisis_client.post(f"/staff/damage/{reports['collapse'].pk}/response/",
                                  {"response": "in_progress"})  # fmt: skip
    assert response.status_code == 400 and "確認済みの報告にだけ" in response.content.decode()
    fire = reports["fire"]
    response = crisis_client.post(f"/staff/damage/{fire.pk}/response/",
                                  {"response": "in_progress", "note": "消防に連絡"})  # fmt: skip
    assert response.status_code == 302
    fire.refresh_from_db()
    assert fire.response == "in_progress"
    assert crisis_client.post(f"/staff/damage/{fire.pk}/response/",
                              {"response": "finished"}).status_code == 400  # fmt: skip


def test_reading_a_residents_contact_needs_an_editor_a_purpose_and_is_audited(
    crisis_client, hq_member, reports
):
    collapse = reports["collapse"]
    page = crisis_client.get(f"/staff/damage/{collapse.pk}/").content.decode()
    assert "花子" not in page and "090-1234-5678" not in page  # not without asking
    response = crisis_client.post(f"/staff/damage/{collapse.pk}/contact/", {"purpose": ""})
    assert response.status_code == 400 and "花子" not in response.content.decode()
    response = crisis_client.post(f"/staff/damage/{collapse.pk}/contact/",
                                  {"purpose": "場所を電話で確かめる"})  # fmt: skip
    assert response.status_code == 200 and "090-1234-5678" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    record = AuditRecord.objects.get(verb="damage.contact.read")
    assert record.data["purpose"] == "場所を電話で確かめる" and "花子" not in str(record.data)
    member = sign_in(Client(), hq_member)  # works the HQ, but is no editor
    assert member.post(f"/staff/damage/{collapse.pk}/contact/", {"purpose": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.read_resident_contact(hq_member.user, collapse, purpose="x")


def _csv_rows(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_of_the_filtered_set_without_contacts_is_audited(crisis_client, reports):
    response = crisis_client.get("/staff/damage/export.csv?area=east")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response.content)
    assert {r["reference"] for r in rows} == {
        reports["collapse"].reference,
        reports["drill"].reference,
    }
    drill = next(r for r in rows if r["reference"] == reports["drill"].reference)
    assert drill["exercise"] == "訓練" and drill["kind_name"] == "道路寸断"
    assert drill["status_name"] == "確認済み" and drill["area_name"] == "東地域"
    assert "contact_name" not in rows[0]
    assert "花子" not in response.content.decode("utf-8-sig")
    record = AuditRecord.objects.get(verb="damage.reports.exported")
    assert record.data["count"] == 2 and record.data["with_contacts"] is False
    assert record.data["filters"]["area"] == "east"


def test_a_formula_in_a_description_stays_text_in_the_csv(crisis_client, reports):
    rows = _csv_rows(crisis_client.get("/staff/damage/export.csv?kind=fire").content)
    assert rows[0]["description"] == '\'=HYPERLINK("x")'


def test_csv_export_with_contacts_needs_a_purpose_and_says_so_in_the_audit(crisis_client, reports):
    response = crisis_client.post("/staff/damage/export.csv?status=unverified",
                                  {"contacts": "1", "purpose": ""})  # fmt: skip
    assert response.status_code == 302
    assert not AuditRecord.objects.filter(verb="damage.reports.exported").exists()
    response = crisis_client.post("/staff/damage/export.csv?status=unverified",
                                  {"contacts": "1", "purpose": "安否の確認"})  # fmt: skip
    rows = _csv_rows(response.content)
    assert rows[0]["contact_name"] == "練馬 花子" and rows[0]["contact_phone"] == "090-1234-5678"
    record = AuditRecord.objects.get(verb="damage.reports.exported")
    assert record.data["with_contacts"] is True and record.data["purpose"] == "安否の確認"
    assert "花子" not in json.dumps(record.data, ensure_ascii=False)


def test_geojson_export(crisis_client, reports):
    response = crisis_client.get("/staff/damage/export.geojson?exercise=exercise")
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["reference"] for f in collection["features"]] == [
        reports["drill"].reference
    ]
    assert collection["features"][0]["properties"]["exercise"] == "訓練"
    assert collection["features"][0]["geometry"]["coordinates"] == [EAST[1], EAST[0]]
    assert "exercise" in response["Content-Disposition"]


def test_publishing_a_photo_is_the_hqs_and_recorded(crisis_client, road_client, road_staff, ward):
    from .conftest import upload

    report = services.file_staff_report(road_staff.user, report_input(photos=[upload()]))
    photo = report.photos.get()
    assert (
        road_client.post(f"/staff/damage/photos/{photo.pk}/public/", {"public": "1"}).status_code
        == 403
    )
    assert crisis_client.get(f"/staff/damage/photos/{photo.uuid}.jpg").status_code == 200
    crisis_client.post(f"/staff/damage/photos/{photo.pk}/public/", {"public": "1"})
    photo.refresh_from_db()
    assert photo.is_public
    assert AuditRecord.objects.filter(verb="damage.photo.published").exists()
