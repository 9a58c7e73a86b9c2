"""The public side: a resident reports without an account (CSRF, rate limit, a confirmation
page that says the report is not public yet); nothing unverified and no personal data ever
reaches /damage/, /damage.geojson or the API; verified reports do, with only the photos staff
made public."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kuyakusho.damage import services
from kuyakusho.damage.models import DamagePhoto, DamageReport

from .conftest import WEST, form_data, report_input, upload


def test_a_resident_reports_without_an_account_and_is_told_it_is_not_public_yet(client, ward):
    response = client.post("/damage/report/", form_data(name="練馬 花子", phone="090-1234-5678"))
    assert response.status_code == 302 and response["Location"] == "/damage/report/sent/"
    report = DamageReport.objects.get()
    assert report.status == "unverified" and report.source == "resident"
    page = client.get("/damage/report/sent/")
    text = page.content.decode()
    assert report.reference in text and "まだ公開されていません" in text
    assert "花子" not in text and "090-1234-5678" not in text
    # The reference is in the session, not in the address; without it the form is shown.
    assert Client().get("/damage/report/sent/")["Location"] == "/damage/report/"


def test_the_public_form_needs_the_csrf_token(ward):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/damage/report/", form_data())
    assert response.status_code == 403
    assert not DamageReport.objects.exists()


def test_bad_input_shows_every_message_and_keeps_what_was_typed(client, ward):
    response = client.post(
        "/damage/report/",
        form_data(dead="-2", lat="35.74", lon="", description="道が割れている", email="x@"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "経度を入力してください" in text
    assert "道が割れている" in text and 'value="-2"' in text
    assert not DamageReport.objects.exists()
    response = client.post("/damage/report/", form_data(dead="-2"))
    assert "死者は0以上の整数で入力してください" in response.content.decode()


def test_a_photo_that_is_no_image_is_refused_and_the_form_asks_for_it_again(client, ward):
    data = form_data(photos=[upload("fake.jpg", b"not an image")])
    response = client.post("/damage/report/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "形式ではありません" in text and "もう一度選んでください" in text
    assert not DamageReport.objects.exists()


def test_outside_the_ward_the_resident_is_asked_and_can_confirm(client, ward):
    response = client.post("/damage/report/", form_data(lat="35.79", lon="139.60"))
    assert response.status_code == 200 and "区域の外" in response.content.decode()
    assert not DamageReport.objects.exists()
    key = response.context["form"]["confirmed_key"].value()
    response = client.post(
        "/damage/report/", form_data(lat="35.79", lon="139.60", confirmed_key=key)
    )
    assert response.status_code == 302
    assert DamageReport.objects.get().outside_ward


def test_too_many_reports_from_one_address_are_slowed_down_keeping_the_input(client, ward):
    for _ in range(5):
        assert client.post("/damage/report/", form_data()).status_code == 302
    response = client.post("/damage/report/", form_data(description="六件目の報告"))
    assert response.status_code == 429
    assert "六件目の報告" in response.content.decode()
    assert DamageReport.objects.count() == 5


def _everything_public(client) -> str:
    return (
        client.get("/damage/").content.decode()
        + client.get("/damage.geojson").content.decode()
        + client.get("/api/v1/damage-reports").content.decode()
    )


def test_unverified_reports_are_not_public_until_the_hq_verifies_them(client, crisis_staff, ward):
    report = services.file_resident_report(
        report_input(description="未確認の倒壊", contact_name="練馬 花子",
                     contact_phone="090-1234-5678", contact_email="hanako@example.jp")
    )  # fmt: skip
    assert "未確認の倒壊" not in _everything_public(client)
    assert client.get(f"/api/v1/damage-reports/{report.pk}").status_code == 404
    services.review(crisis_staff.user, report, status="verified")
    everything = _everything_public(client)
    assert "未確認の倒壊" in everything
    for personal in ("花子", "090-1234-5678", "hanako@example.jp", crisis_staff.email):
        assert personal not in everything
    assert client.get(f"/api/v1/damage-reports/{report.pk}").json()["reference"] == report.reference


def test_rejected_and_duplicate_reports_are_not_public(client, crisis_staff, ward):
    original = services.file_resident_report(report_input(description="元の報告"))
    copy = services.file_resident_report(report_input(description="重複した報告"))
    wrong = services.file_resident_report(report_input(description="いたずらの報告"))
    services.review(crisis_staff.user, original, status="verified")
    services.review(crisis_staff.user, copy, status="duplicate", duplicate_of=original)
    services.review(crisis_staff.user, wrong, status="rejected")
    everything = _everything_public(client)
    assert "元の報告" in everything
    assert "重複した報告" not in everything and "いたずらの報告" not in everything


def test_geojson_is_a_feature_collection_with_the_documented_properties(client, road_staff, ward):
    services.file_staff_report(
        road_staff.user,
        report_input(kind="lifeline", lifeline="water", lat=WEST[0], lon=WEST[1], is_exercise=True,
                     injured=2),
    )  # fmt: skip
    response = client.get("/damage.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [WEST[1], WEST[0]]}
    properties = feature["properties"]
    assert properties["kind"] == "lifeline" and properties["lifeline"] == "water"
    assert properties["kind_name"] == "ライフライン" and properties["lifeline_name"] == "上水道"
    assert properties["exercise"] is True and properties["injured"] == 2
    assert properties["status"] == "verified" and properties["photos"] == []
    assert "reported_by" not in properties and "contact_name" not in properties


def test_photos_are_public_only_once_staff_publish_them(client, crisis_staff, road_staff, ward):
    report = services.file_staff_report(road_staff.user, report_input(photos=[upload()]))
    photo = report.photos.get()
    url = f"/damage/photos/{photo.uuid}.jpg"
    assert client.get(url).status_code == 404
    assert url not in client.get("/damage/").content.decode()
    services.set_photo_public(crisis_staff.user, photo, public=True)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert url in client.get("/damage/").content.decode()
    assert client.get("/damage.geojson").json()["features"][0]["properties"]["photos"] == [
        f"http://testserver{url}"
    ]
    # The staff copy needs the HQ's permission.
    assert client.get(f"/staff/damage/photos/{photo.uuid}.jpg").status_code in (302, 403)


def test_exercise_reports_say_so_on_the_public_page(client, road_staff, ward):
    services.file_staff_report(road_staff.user, report_input(is_exercise=True))
    text = client.get("/damage/").content.decode()
    assert "【訓練】" in text and "実際の被害ではありません" in text


def test_api_filters_and_refuses_unknown_codes(client, road_staff, ward):
    services.file_staff_report(road_staff.user, report_input(kind="fire", severity="critical"))
    services.file_staff_report(road_staff.user, report_input(kind="road_cut", is_exercise=True))
    assert client.get("/api/v1/damage-reports?kind=fire").json()["count"] == 1
    assert client.get("/api/v1/damage-reports?exercise=true").json()["count"] == 1
    assert client.get("/api/v1/damage-reports?kind=meteor").status_code == 422


@pytest.mark.parametrize("path", ["/damage/", "/damage/report/", "/damage.geojson"])
def test_public_pages_need_no_account(client, ward, path):
    assert client.get(path).status_code == 200


def test_a_signed_in_resident_cannot_reach_the_hq_or_unverified_reports(resident_client, ward):
    report = services.file_resident_report(report_input(description="ひみつ"))
    assert resident_client.get("/staff/damage/").status_code in (302, 403)
    assert resident_client.get(f"/staff/damage/{report.pk}/").status_code in (302, 403)
    assert "ひみつ" not in resident_client.get("/damage/").content.decode()
    assert DamagePhoto.objects.count() == 0


def test_a_verified_report_shows_at_once_with_the_page_cache_on(
    settings, crisis_staff, ward, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    report = services.file_resident_report(report_input(description="キャッシュの確認"))
    for url in ("/damage/", "/damage.geojson"):
        assert Client().get(url)["X-Cache"] == "miss"
        assert Client().get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.review(crisis_staff.user, report, status="verified")
    for url in ("/damage/", "/damage.geojson"):
        response = Client().get(url)
        assert response["X-Cache"] == "miss", url
        assert "キャッシュの確認" in response.content.decode(), url
    # The resident's form and its confirmation are never stored for others.
    assert Client().get("/damage/report/")["X-Cache"] != "hit"
    caches["pages"].clear()
