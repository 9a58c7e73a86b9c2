"""Staff exports: CSV with a BOM and GeoJSON of the departments' reports; personal data only
when asked for with a purpose, for the departments whose contacts the person may read, audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kuyakusho.core.models import AuditRecord

from ..conftest import sign_in
from .conftest import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(categories, resident):
    light = file_report(resident.user, name="練馬 花子", phone="03-9999-0000",
                        description="=HYPERLINK(\"http://x\")")  # fmt: skip
    swing = file_report(resident.user, category="park-equipment", answers={"danger": "no"})
    return light, swing


def _rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_a_bom_and_the_departments_reports_only(road_client, filed):
    light, swing = filed
    response = road_client.get("/staff/reports/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _rows(response)
    assert header[0] == "reference" and "reporter_email" not in header
    assert [row[0] for row in rows] == [light.reference]
    assert rows[0][header.index("description")].startswith("'=")  # no formula runs
    assert "練馬 花子" not in response.content.decode()
    record = AuditRecord.objects.get(verb="reports.exported")
    assert record.data["with_contacts"] is False and record.data["count"] == 1


def test_contacts_need_a_purpose_and_are_audited(road_client, filed):
    refused = road_client.get("/staff/reports/export.csv", {"contacts": "1"})
    assert refused.status_code == 400 and "閲覧の目的" in refused.content.decode()
    response = road_client.get("/staff/reports/export.csv", {"contacts": "1",
                                                             "purpose": "補修業者への連絡"})  # fmt: skip
    header, row = _rows(response)
    assert row[header.index("reporter_name")] == "練馬 花子"
    record = AuditRecord.objects.filter(verb="reports.exported").last()
    assert record.data["with_contacts"] is True and record.data["purpose"] == "補修業者への連絡"


def test_geojson_export(road_client, filed):
    body = road_client.get("/staff/reports/export.geojson").json()
    (feature,) = body["features"]
    assert feature["properties"]["category"] == "street-light"
    assert "reporter_name" not in feature["properties"]


def test_another_department_exports_none_of_these_reports(filed, childcare_staff):
    staff_client = sign_in(Client(), childcare_staff)
    header, *rows = _rows(staff_client.get("/staff/reports/export.csv"))
    assert rows == []
    with_contacts = staff_client.get(
        "/staff/reports/export.csv", {"contacts": "1", "purpose": "確認"}
    )
    assert "練馬 花子" not in with_contacts.content.decode()
