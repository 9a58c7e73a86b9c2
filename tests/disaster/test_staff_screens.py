"""The back office for alerts through HTTP: compose from a template, a refused form keeps what
was typed, a second person approves, lifting, and who may open what."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.disaster.models import Alert, AlertState

from ..conftest import sign_in

pytestmark = pytest.mark.django_db


def _form_data(client: Client, url: str) -> dict:
    """The pre-filled form as a browser would post it back."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "areas":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return data


def test_two_people_issue_an_exercise_alert_through_the_screens(
    crisis_staff, crisis_approver, django_capture_on_commit_callbacks
):
    author = sign_in(Client(), crisis_staff)
    data = _form_data(author, "/staff/disaster/alerts/new/?kind=evacuation_order&exercise=1")
    assert data["is_exercise"] == "on" and data["headline_en"].startswith("[Level 4]")
    response = author.post("/staff/disaster/alerts/new/", data)
    alert = Alert.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/staff/disaster/alerts/{alert.pk}/"
    )
    author.post(f"/staff/disaster/alerts/{alert.pk}/submit/")
    page = author.get(f"/staff/disaster/alerts/{alert.pk}/").content.decode()
    assert "作成した人は承認できません" in page and "承認して発表する" not in page

    approver = sign_in(Client(), crisis_approver)
    with django_capture_on_commit_callbacks(execute=True):
        approver.post(f"/staff/disaster/alerts/{alert.pk}/approve/")
    alert.refresh_from_db()
    assert alert.state == AlertState.PUBLISHED and alert.is_exercise
    assert "【訓練】" in Client().get("/").content.decode()

    # Lifting: a draft with 「解除」 words, submitted by one and approved by the other.
    author.post(f"/staff/disaster/alerts/{alert.pk}/cancel/")
    cancel = Alert.objects.exclude(pk=alert.pk).get()
    author.post(f"/staff/disaster/alerts/{cancel.pk}/submit/")
    with django_capture_on_commit_callbacks(execute=True):
        approver.post(f"/staff/disaster/alerts/{cancel.pk}/approve/")
    assert "避難指示" not in Client().get("/").content.decode().split("<main")[0]


def test_a_refused_form_keeps_everything_typed(crisis_staff):
    client = sign_in(Client(), crisis_staff)
    data = _form_data(client, "/staff/disaster/alerts/new/?kind=weather")
    data["headline_en"] = "Heavy rain tonight — keep this text"
    data["expires_at"] = "2020-01-01T00:00"  # before it takes effect
    response = client.post("/staff/disaster/alerts/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "有効期限は、発効日時より後にしてください。" in body
    assert "Heavy rain tonight — keep this text" in body
    assert not Alert.objects.exists()
    data["expires_at"] = "not a date"
    response = client.post("/staff/disaster/alerts/new/", data)
    assert "日時の形式が正しくありません" in response.content.decode()


def test_other_departments_cannot_open_the_alert_screens(road_staff, crisis_staff):
    road = sign_in(Client(), road_staff)
    assert road.get("/staff/disaster/").status_code == 403
    assert road.get("/staff/disaster/alerts/new/").status_code == 403
    crisis = sign_in(Client(), crisis_staff)
    crisis.post(
        "/staff/disaster/alerts/new/",
        _form_data(crisis, "/staff/disaster/alerts/new/?kind=weather"),
    )
    alert = Alert.objects.get()
    assert road.get(f"/staff/disaster/alerts/{alert.pk}/").status_code == 403
    assert road.post(f"/staff/disaster/alerts/{alert.pk}/submit/").status_code == 403
    alert.refresh_from_db()
    assert alert.state == AlertState.DRAFT


def test_unknown_kind_in_the_address_falls_back_to_a_general_notice(crisis_staff):
    client = sign_in(Client(), crisis_staff)
    response = client.get("/staff/disaster/alerts/new/?kind=<script>")
    assert response.status_code == 200
    assert response.context["form"].initial["kind"] == "general"


def test_jma_settings_are_checked_before_they_are_kept(crisis_approver):
    from kuyakusho.disaster import services

    with pytest.raises(services.ValidationError) as refused:
        services.update_policy(
            crisis_approver.user, jma_area_codes="1312000, 12345", jma_threshold="big"
        )
    assert set(refused.value.error_dict) == {"jma_area_codes", "jma_threshold"}
    rules = services.update_policy(
        crisis_approver.user, jma_area_codes="1312000、350", jma_threshold="６弱"
    )
    assert (rules.jma_area_codes, rules.jma_threshold) == ("1312000,350", "6-")


def test_only_the_crisis_management_approver_changes_the_rules(crisis_staff, crisis_approver):
    assert sign_in(Client(), crisis_staff).get("/staff/disaster/policy/").status_code == 403
    client = sign_in(Client(), crisis_approver)
    response = client.post(
        "/staff/disaster/policy/",
        {"second_person_for_exercise": "on", "jma_threshold": "5強", "jma_area_codes": "abc"},
    )
    assert response.status_code == 200
    assert "7桁（市町村等）の数字で入力してください" in response.content.decode()


def test_the_alert_list_shows_the_jma_messages_received(crisis_staff, settings, tmp_path):
    from kuyakusho.disaster import jma_trigger

    from .test_jma_trigger import NERIMA_4, SAMPLES

    jma_trigger.handle_message((SAMPLES / NERIMA_4).read_bytes(), source="file", reference="x")
    page = sign_in(Client(), crisis_staff).get("/staff/disaster/").content.decode()
    assert "震源・震度に関する情報" in page and "基準の震度に達せず" in page
    assert "震度5弱以上を観測した電文" in page
    assert "<section" not in page.split("</title>")[0]
