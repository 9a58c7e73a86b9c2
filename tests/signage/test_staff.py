"""The back office: editors manage their own department's screens (and no other's), with every
change audited and bad input sent back with what was typed; admins put up and take down the
manual override."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.signage.models import Override, Screen

from ..conftest import make_staff, sign_in
from .conftest import make_screen


@pytest.fixture
def road_screen(portal, departments):
    return make_screen("road-lobby", departments["road"], name="道路課の画面")


@pytest.fixture
def childcare_screen(portal, departments):
    return make_screen("childcare-lobby", departments["childcare"], name="子育ての画面")


def screen_data(department, categories=(), **extra) -> dict:
    data = {
        "name": "本庁舎2階の画面",
        "slug": "honcho-2f",
        "location": "本庁舎2階 エレベーター前",
        "language": "ja",
        "department": department.pk,
        "notice_categories": [c.pk for c in categories],
        "show_events": "on",
        "event_days": "14",
        "message": "",
        "seconds_per_slide": "20",
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_editors_see_and_open_only_their_departments_screens(
    road_client, road_screen, childcare_screen
):
    html = road_client.get("/staff/signage/").content.decode()
    assert "道路課の画面" in html
    assert "子育ての画面" not in html
    assert f'href="/signage/{road_screen.slug}/"' in html  # the preview link of an active screen
    assert (
        'value="道路課の画面"'
        in road_client.get(f"/staff/signage/{road_screen.pk}/").content.decode()
    )
    assert road_client.get(f"/staff/signage/{childcare_screen.pk}/").status_code == 403
    assert road_client.get(f"/staff/signage/{childcare_screen.pk}/preview/").status_code == 403


def test_an_editor_cannot_change_or_take_over_another_departments_screen(
    road_client, childcare_screen, departments, portal
):
    response = road_client.post(
        f"/staff/signage/{childcare_screen.pk}/",
        screen_data(departments["childcare"], slug="childcare-lobby", name="乗っ取り"),
    )
    assert response.status_code == 403
    childcare_screen.refresh_from_db()
    assert childcare_screen.name == "子育ての画面"
    # Nor create a screen in the name of another department.
    response = road_client.post("/staff/signage/new/", screen_data(departments["childcare"]))
    assert response.status_code == 400
    assert response.context["form"].has_error("department")
    assert not Screen.objects.filter(slug="honcho-2f").exists()


def test_creating_a_screen_is_audited_and_keeps_the_chosen_categories(
    road_client, departments, portal
):
    response = road_client.post(
        "/staff/signage/new/",
        screen_data(departments["road"], [portal["bosai"], portal["kurashi"]]),
    )
    assert response.status_code == 302
    screen = Screen.objects.get(slug="honcho-2f")
    assert response["Location"] == f"/staff/signage/{screen.pk}/"
    assert set(screen.notice_categories.values_list("code", flat=True)) == {"bosai", "kurashi"}
    assert screen.department == departments["road"]
    assert screen.seconds_per_slide == 20
    record = AuditRecord.objects.get(verb="signage.screen.created")
    assert record.target_id == str(screen.pk)
    assert record.data["department"] == "road"


def test_changes_are_audited_with_the_fields_that_changed(
    road_client, road_screen, departments, portal
):
    data = screen_data(
        departments["road"], [portal["kenko"]], slug=road_screen.slug, name="道路課の画面",
        location=road_screen.location, seconds_per_slide="45",
    )  # fmt: skip
    response = road_client.post(f"/staff/signage/{road_screen.pk}/", data)
    assert response.status_code == 302
    record = AuditRecord.objects.get(verb="signage.screen.changed")
    assert set(record.data["fields"]) == {"seconds_per_slide", "notice_categories"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seconds_per_slide": "3"}, "表示秒数は5秒以上にしてください。"),
        ({"seconds_per_slide": "121"}, "表示秒数は120秒以下にしてください。"),
        ({"seconds_per_slide": "abc"}, "表示秒数は数字で入力してください（5～120）。"),
        ({"event_days": "0"}, "日数は1日以上にしてください。"),
        ({"slug": "本庁舎"}, "識別名は半角の英小文字・数字・ハイフンで入力してください。"),
        ({"slug": "road-lobby"}, "この識別名はほかの画面で使われています。"),
        ({"name": ""}, "画面の名前を入力してください。"),
        ({"language": "xx"}, "表示する言語を一覧から選んでください。"),
    ],
)
def test_bad_input_gets_a_message_and_everything_typed_stays(
    road_client, road_screen, departments, portal, changes, message
):
    data = screen_data(
        departments["road"], [portal["bosai"]], message="本日は16時で閉館します。", **changes
    )
    response = road_client.post("/staff/signage/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    # What was typed comes back.
    assert "本日は16時で閉館します。" in html
    assert 'value="本庁舎2階 エレベーター前"' in html
    assert re.search(rf'name="notice_categories" value="{portal["bosai"].pk}"[^>]*checked', html)
    assert not Screen.objects.filter(location="本庁舎2階 エレベーター前").exists()


def test_a_viewer_without_the_editor_role_cannot_add_screens(ward, departments, portal):
    viewer = make_staff("road.viewer@example.jp", departments["road"], "staff")
    client = sign_in(Client(), viewer)
    assert client.get("/staff/signage/new/").status_code == 403
    assert client.post("/staff/signage/new/", screen_data(departments["road"])).status_code == 403
    assert not Screen.objects.filter(slug="honcho-2f").exists()
    html = client.get("/staff/signage/").content.decode()
    assert "画面を管理する権限がありません。" in html


def test_preview_shows_a_switched_off_screen_without_polling(road_client, road_screen):
    road_screen.is_active = False
    road_screen.save()
    response = road_client.get(f"/staff/signage/{road_screen.pk}/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "プレビューです。" in html
    assert "この画面は表示を止めています。" in html
    assert 'data-content-url=""' in html
    assert f"url=/staff/signage/{road_screen.pk}/preview/?slide=" in html


def test_an_admin_puts_up_and_takes_down_the_manual_override(ict_client, road_screen):
    html = ict_client.get("/staff/signage/").content.decode()
    assert "いまは緊急表示はありません。" in html
    response = ict_client.post(
        "/staff/signage/override/",
        {"title": "庁舎内で火災が発生しました", "body": "係員の指示に従ってください。",
         "severity": "emergency", "is_exercise": "on", "duration": "60"},
    )  # fmt: skip
    assert response.status_code == 302
    override = Override.objects.get()
    assert override.is_exercise and override.created_by is not None
    assert 59 * 60 < (override.expires_at - override.created_at).total_seconds() <= 3600
    html = ict_client.get("/staff/signage/").content.decode()
    assert "庁舎内で火災が発生しました" in html
    response = ict_client.post("/staff/signage/override/clear/")
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.cleared_at is not None


def test_bad_override_input_keeps_what_was_typed(ict_client, road_screen):
    response = ict_client.post(
        "/staff/signage/override/",
        {
            "title": "",
            "body": "係員の指示に従ってください。",
            "severity": "emergency",
            "duration": "999",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "見出しを入力してください。" in html
    assert "係員の指示に従ってください。" in html
    assert not Override.objects.exists()


def test_editors_cannot_use_the_override(road_client, road_screen):
    html = road_client.get("/staff/signage/").content.decode()
    assert "<h3>緊急表示を出す</h3>" not in html
    assert "override_set" not in html and "/staff/signage/override/" not in html
    response = road_client.post(
        "/staff/signage/override/",
        {"title": "いたずら", "severity": "emergency", "duration": "60"},
    )
    assert response.status_code == 403
    assert road_client.post("/staff/signage/override/clear/").status_code == 403
    assert not Override.objects.exists()


def test_the_dashboard_leads_to_signage(road_client):
    assert 'href="/staff/signage/"' in road_client.get("/staff/").content.decode()
