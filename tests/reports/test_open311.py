"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/): a client lists services,
reads a definition with attributes, posts a request with an api_key and attributes, and reads
it back in JSON and XML — parsed from the real responses. Errors are the specification's
arrays with 400, 403 and 404; identifiers are strings; no personal data is ever answered."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from kuyakusho.core.models import AuditRecord
from kuyakusho.reports import demo, services_settings
from kuyakusho.reports.models import ApiKey, Report

from .conftest import INSIDE, OUTSIDE, file_report, jpeg

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


@pytest.fixture
def api_key(categories, ict_admin):
    _row, key = services_settings.issue_api_key(ict_admin.user, integrator="まちアプリ")
    return key


def _post(client, key, **extra):
    data = {
        "api_key": key,
        "service_code": "street-light",
        "lat": INSIDE["lat"],
        "long": INSIDE["lon"],
        "description": "街路灯が消えています",
        "attribute[light-state]": "flicker",
        "attribute[pole-number]": "N-123",
        "email": "app.user@example.jp",
        "first_name": "花子",
        "last_name": "練馬",
        "phone": "090-1111-2222",
    }
    data.update(extra)
    return client.post(f"{BASE}/requests.json", data)


def test_discovery_names_the_specification_in_json_and_xml(client, categories):
    body = client.get("/open311/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert "application/json" in endpoint["formats"] and "text/xml" in endpoint["formats"]
    root = etree.fromstring(client.get("/open311/discovery.xml").content)
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/specification").text == endpoint["specification"]
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == endpoint[
        "formats"
    ]


def test_services_list_in_json_and_xml(client, categories):
    services = client.get(f"{BASE}/services.json").json()
    codes = [s["service_code"] for s in services]
    assert codes == ["road-damage", "park-equipment", "street-light", "illegal-dumping", "graffiti"]
    light = services[2]
    assert light["service_name"] == "街路灯" and light["metadata"] is True
    assert light["type"] == "realtime" and light["group"] == "道路"
    root = etree.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services"
    assert [s.find("service_code").text for s in root.findall("service")] == codes
    assert root.findall("service")[2].find("metadata").text == "true"
    english = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[2]["service_name"] == "Street light"


def test_service_definition_with_attributes(client, categories):
    definition = client.get(f"{BASE}/services/street-light.json").json()
    assert definition["service_code"] == "street-light"
    first = definition["attributes"][0]
    assert first["code"] == "light-state" and first["datatype"] == "singlevaluelist"
    assert first["required"] is True and first["variable"] is True
    assert {"key": "out", "name": "消えている"} in first["values"]
    root = etree.fromstring(client.get(f"{BASE}/services/street-light.xml").content)
    assert root.tag == "service_definition"
    keys = [v.find("key").text for v in root.findall("attributes/attribute/values/value")]
    assert keys == ["out", "flicker", "day"]


def test_unknown_service_definition_is_a_404_error_array(client, categories):
    response = client.get(f"{BASE}/services/no-such.json")
    assert response.status_code == 404
    (error,) = response.json()
    assert error["code"] == 404 and "no-such" in error["description"]
    root = etree.fromstring(client.get(f"{BASE}/services/no-such.xml").content)
    assert root.tag == "errors" and root.find("error/code").text == "404"


def test_a_client_posts_a_request_with_attributes_and_reads_it_back(client, api_key):
    response = _post(client, api_key)
    assert response.status_code == 201
    (created,) = response.json()
    request_id = created["service_request_id"]
    assert isinstance(request_id, str) and request_id.isdigit() and created["token"]
    report = Report.objects.get(pk=int(request_id))
    assert report.answers == {"light-state": "flicker", "pole-number": "N-123"}
    assert report.department.code == "road" and report.source == "open311"

    (as_json,) = client.get(f"{BASE}/requests/{request_id}.json").json()
    assert as_json["service_request_id"] == request_id
    assert as_json["status"] == "open" and as_json["service_code"] == "street-light"
    assert as_json["description"] == "街路灯が消えています"
    assert as_json["lat"] == pytest.approx(35.7362) and as_json["long"] == pytest.approx(139.653)
    assert as_json["agency_responsible"] == "道路課"
    root = etree.fromstring(client.get(f"{BASE}/requests/{request_id}.xml").content)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.find("service_request_id").text == request_id
    assert request.find("status").text == "open"
    assert request.find("service_code").text == "street-light"
    # No personal data in any answer.
    for body in (json.dumps(as_json, ensure_ascii=False), root_text(root)):
        for personal in ("app.user@example.jp", "花子", "練馬 ", "090-1111-2222"):
            assert personal not in body
    # The token leads to the same id.
    (by_token,) = client.get(f"{BASE}/tokens/{created['token']}.json").json()
    assert by_token == {"service_request_id": request_id, "token": created["token"]}


def root_text(root) -> str:
    return etree.tostring(root, encoding="unicode")


def test_posting_in_xml_answers_in_xml(client, api_key):
    response = client.post(f"{BASE}/requests.xml", {
        "api_key": api_key, "service_code": "graffiti", "lat": INSIDE["lat"],
        "long": INSIDE["lon"], "description": "壁に落書き"})  # fmt: skip
    assert response.status_code == 201
    root = etree.fromstring(response.content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text


def test_a_photo_can_be_sent_with_the_request(client, api_key):
    response = _post(client, api_key, media=jpeg(gps=True))
    (created,) = response.json()
    (read,) = client.get(f"{BASE}/requests/{created['service_request_id']}.json").json()
    assert read["media_url"].startswith("http") and "/reports/photos/" in read["media_url"]


def test_a_missing_or_wrong_api_key_is_a_403_error(client, api_key):
    for key in ("", "k311_wrong"):
        response = _post(client, key)
        assert response.status_code == 403
        (error,) = response.json()
        assert error["code"] == 403 and "api_key" in error["description"]
    xml = client.post(f"{BASE}/requests.xml", {"service_code": "street-light"})
    assert xml.status_code == 403 and etree.fromstring(xml.content).find("error/code").text == "403"
    assert Report.objects.count() == 0


def test_a_revoked_api_key_is_refused(client, api_key, ict_admin):
    services_settings.revoke_api_key(ict_admin.user, ApiKey.objects.get())
    assert _post(client, api_key).status_code == 403


def test_an_unknown_service_code_is_a_400_error(client, api_key):
    response = _post(client, api_key, service_code="potholes-on-mars")
    assert response.status_code == 400
    (error,) = response.json()
    assert error["code"] == 400 and "potholes-on-mars" in error["description"]


def test_bad_input_answers_400_with_each_problem(client, api_key):
    response = _post(client, api_key, description="<b>x</b>" * 1000, **{"attribute[light-state]": "purple"},
                     lat=OUTSIDE["lat"], long=OUTSIDE["lon"])  # fmt: skip
    assert response.status_code == 400
    descriptions = " ".join(e["description"] for e in response.json())
    assert "4,000" in descriptions and "区域の外" in descriptions and "選択肢" in descriptions
    missing = _post(client, api_key, lat="", long="", address_string="豊玉北6丁目")
    assert missing.status_code == 400 and "lat" in missing.json()[0]["description"]


def test_get_requests_filters(client, api_key, resident):
    light = json.loads(_post(client, api_key).content)[0]["service_request_id"]
    graffiti = file_report(resident.user, category="graffiti", answers={})

    def ids(**params):
        return {r["service_request_id"] for r in client.get(f"{BASE}/requests.json", params).json()}

    assert ids() == {light, str(graffiti.pk)}
    assert ids(service_code="graffiti") == {str(graffiti.pk)}
    assert ids(service_request_id=f"{light},{graffiti.pk}") == {light, str(graffiti.pk)}
    assert ids(status="closed") == set()
    assert ids(status="open") == {light, str(graffiti.pk)}
    assert (
        ids(start_date="2000-01-01T00:00:00+09:00", end_date="2000-01-02T00:00:00+09:00") == set()
    )
    bad = client.get(f"{BASE}/requests.json", {"start_date": "yesterday"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    root = etree.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert {r.find("service_request_id").text for r in root.findall("request")} == ids()


def test_unknown_request_and_token_are_404(client, categories):
    for path in (f"{BASE}/requests/999999.json", f"{BASE}/requests/abc.json",
                 f"{BASE}/tokens/nothing.json"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_unconfirmed_reports_are_not_answered(client, categories):
    from kuyakusho.reports.services import submit_report

    from .conftest import report_input

    pending = submit_report(None, report_input(email="x@example.jp"))
    assert client.get(f"{BASE}/requests/{pending.pk}.json").status_code == 404
    assert client.get(f"{BASE}/requests.json").json() == []


def test_api_keys_are_stored_hashed_and_their_issue_is_audited(api_key):
    row = ApiKey.objects.get()
    assert api_key not in (row.key_hash, row.prefix) and row.prefix == api_key[:8]
    record = AuditRecord.objects.get(verb="reports.api_key.issued")
    assert api_key not in json.dumps(record.data)


def test_the_demo_prints_a_working_api_key(client, ward, departments):
    demo.load(ward)
    assert any(demo.DEMO_API_KEY in line for line in demo.note_lines())
    assert _post(client, demo.DEMO_API_KEY).status_code == 201
