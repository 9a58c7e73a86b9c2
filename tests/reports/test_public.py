"""The public side: the map and list with state filters, a report's page and timeline,
GeoJSON with a bbox, following by account or by a confirmed e-mail address, and no personal
data in any public output."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from kuyakusho.reports import services, services_staff
from kuyakusho.reports.models import Follower
from kuyakusho.reports.states import State

from .conftest import file_report, report_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(categories, resident, road_staff):
    light = file_report(resident.user, name="練馬 花子", phone="03-9999-0000")
    fixed = file_report(resident.user, category="road-damage", answers={}, lat="35.7401",
                        lon="139.6402", address="練馬1丁目")  # fmt: skip
    services_staff.change_state(road_staff.user, fixed, state=State.FIXED, text="補修しました")
    return {"light": light, "fixed": fixed}


def test_list_shows_reports_with_states_and_filters(client, reports):
    page = client.get("/reports/").content.decode()
    assert reports["light"].reference in page and reports["fixed"].reference in page
    assert "report-map-config" in page and "国土地理院" in page
    only_fixed = client.get("/reports/", {"state": "fixed"}).content.decode()
    assert reports["fixed"].reference in only_fixed
    assert reports["light"].reference not in only_fixed.split("<tbody>")[1]
    by_category = client.get("/reports/", {"category": "street-light"}).content.decode()
    assert reports["fixed"].reference not in by_category.split("<tbody>")[1]
    # An unknown filter value is ignored rather than failing the page.
    assert client.get("/reports/", {"state": "nonsense"}).status_code == 200


def test_a_report_page_shows_its_public_timeline(client, reports):
    page = client.get(f"/reports/{reports['fixed'].pk}/").content.decode()
    assert "補修しました" in page and "完了" in page and "受け付けました" in page
    assert client.get("/reports/999999/").status_code == 404


def test_geojson_with_a_bbox(client, reports):
    every = client.get("/reports.geojson").json()
    assert {f["properties"]["reference"] for f in every["features"]} == {
        reports["light"].reference,
        reports["fixed"].reference,
    }
    around_light = client.get("/reports.geojson", {"bbox": "139.65,35.735,139.66,35.74"}).json()
    assert [f["properties"]["reference"] for f in around_light["features"]] == [
        reports["light"].reference
    ]
    feature = around_light["features"][0]
    assert feature["geometry"]["coordinates"] == [139.653, 35.7362]
    assert (
        feature["properties"]["state"] == "received" and feature["properties"]["status"] == "open"
    )
    bad = client.get("/reports.geojson", {"bbox": "east,of,eden,x"})
    assert bad.status_code == 400 and "bbox" in bad.json()["error"]


def test_no_personal_data_in_public_output(client, reports):
    outputs = [
        client.get("/reports/").content.decode(),
        client.get(f"/reports/{reports['light'].pk}/").content.decode(),
        client.get("/reports.geojson").content.decode(),
        client.get("/open311/v2/requests.json").content.decode(),
        client.get("/open311/v2/requests.xml").content.decode(),
    ]
    for output in outputs:
        for personal in ("練馬 花子", "03-9999-0000", "hanako@example.jp"):
            assert personal not in output
    assert "区民の方" in outputs[1]


def test_a_signed_in_resident_follows_a_report(resident_client, resident, reports, categories):
    from kuyakusho.accounts.models import User

    other = User.objects.create_user(email="other@example.jp", password="x" * 20)
    report = file_report(other, lat="35.7450", lon="139.6300")
    response = resident_client.post(f"/reports/{report.pk}/follow/")
    assert response.status_code == 302
    assert Follower.objects.filter(report=report, user=resident.user).exists()
    assert "フォロー中です" in resident_client.get(f"/reports/{report.pk}/").content.decode()


def test_following_by_e_mail_starts_once_the_link_is_opened(
    client, reports, django_capture_on_commit_callbacks
):
    report = reports["light"]
    bad = client.post(f"/reports/{report.pk}/follow/", {"email": "not-an-address"})
    assert bad.status_code == 400 and "メールアドレスの形式" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{report.pk}/follow/", {"email": "jiro@example.jp"})
    follower = Follower.objects.get(email="jiro@example.jp")
    assert follower.confirmed_at is None
    link = re.search(r"/reports/following/[^\s]+/", mail.outbox[0].body).group(0)
    client.get(link)
    follower.refresh_from_db()
    assert follower.confirmed_at is not None
    client.post(link + "stop/")
    assert not Follower.objects.filter(pk=follower.pk).exists()


def test_english_pages_show_english_category_names(client, reports):
    page = client.get(
        f"/reports/{reports['light'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Street light" in page


def test_unconfirmed_reports_cannot_be_followed_or_seen(client, categories):
    pending = services.submit_report(None, report_input(email="x@example.jp"))
    assert (
        client.post(f"/reports/{pending.pk}/follow/", {"email": "y@example.jp"}).status_code == 404
    )
