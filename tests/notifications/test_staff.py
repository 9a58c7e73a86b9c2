"""Back office: compose with preview and recipient counts, send, schedule, the two-person rule
for emergencies, department scoping, and refusals that keep what was typed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kuyakusho.core.models import AuditRecord
from kuyakusho.notifications import fanout
from kuyakusho.notifications.models import Delivery, Message, MessageStatus

from ..conftest import make_staff, sign_in
from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


def _released_and_delivered(message) -> None:
    """`submit` hands the message to the workers; run what a worker would run."""
    message.refresh_from_db()
    assert message.status == MessageStatus.SCHEDULED and message.scheduled_at <= timezone.now()
    fanout.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def _compose(topic, **extra):
    data = {
        "topic": topic.pk,
        "channels": ["email", "feed"],
        "subject_ja": "公園の遊具点検",
        "body_ja": "来週、遊具の点検を行います。",
        "subject_en": "Playground inspection",
        "body_en": "Playground equipment will be inspected next week.",
    }
    data.update(extra)
    return data


def test_compose_preview_count_and_send(road_client, topics, areas):
    make_subscriber("a@example.jp", topics=[topics["safety"]], areas=[areas["north"]])
    make_subscriber("b@example.jp", topics=[topics["safety"]], areas=[areas["south"]])
    response = road_client.post(
        "/staff/notifications/new/", _compose(topics["safety"], areas=[areas["north"].pk])
    )
    assert response.status_code == 302
    detail = road_client.get(response["Location"]).content.decode()
    assert "Playground inspection" in detail and "公園の遊具点検" in detail
    people = re.search(r"登録者（重複なし）</td><td>(\d+)</td>", detail).group(1)
    assert people == "1"  # only the northern subscriber
    message = Message.objects.get()
    response = road_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": ""})
    assert response.status_code == 302
    _released_and_delivered(message)
    assert Delivery.objects.filter(message=message).count() == 1
    assert AuditRecord.objects.filter(
        verb="notifications.message.sent", target_id=str(message.pk)
    ).exists()


def test_scheduling_in_the_future_and_refusing_the_past(road_client, topics):
    road_client.post("/staff/notifications/new/", _compose(topics["safety"]))
    message = Message.objects.get()
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    road_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": past})
    message.refresh_from_db()
    assert message.status == MessageStatus.DRAFT
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    road_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": future})
    message.refresh_from_db()
    assert message.status == MessageStatus.SCHEDULED and not Delivery.objects.exists()


def test_emergency_needs_a_second_person(road_client, road_staff, departments, topics):
    road_client.post("/staff/notifications/new/", _compose(topics["emergency"]))
    message = Message.objects.get()
    assert message.is_emergency  # from the topic
    road_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": ""})
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING_APPROVAL
    road_client.post(f"/staff/notifications/{message.pk}/approve/")  # the author cannot approve
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING_APPROVAL
    colleague = make_staff("colleague@example.jp", departments["road"], "editor")
    other = sign_in(type(road_client)(), colleague)
    other.post(f"/staff/notifications/{message.pk}/approve/")
    _released_and_delivered(message)
    assert message.approver == colleague.user


def test_the_ward_can_turn_the_two_person_rule_off(road_client, topics, settings):
    settings.EMERGENCY_TWO_PERSON_RULE = False
    road_client.post("/staff/notifications/new/", _compose(topics["emergency"]))
    message = Message.objects.get()
    road_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": ""})
    _released_and_delivered(message)


def test_staff_cannot_send_on_another_departments_topic(road_client, childcare_staff, topics):
    response = road_client.post("/staff/notifications/new/", _compose(topics["childcare"]))
    assert response.status_code == 400  # not among the topics this person may use
    assert not Message.objects.exists()
    childcare_client = sign_in(type(road_client)(), childcare_staff)
    childcare_client.post("/staff/notifications/new/", _compose(topics["childcare"]))
    message = Message.objects.get()
    assert road_client.get(f"/staff/notifications/{message.pk}/").status_code == 403
    assert (
        road_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": ""}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subject_ja": "件名\r\nBcc: x@example.jp"}, "改行"),
        ({"subject_ja": "", "body_ja": ""}, "件名（日本語）"),
        ({"body_ja": "長" * 20_001}, "20000文字まで"),
        ({"age_min": "70", "age_max": "60"}, "下限は上限以下"),
        ({"channels": []}, "配信方法"),
    ],
)
def test_bad_messages_are_refused_and_keep_what_was_typed(road_client, topics, changes, message):
    response = road_client.post("/staff/notifications/new/", _compose(topics["safety"], **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Playground equipment will be inspected next week." in body
    assert not Message.objects.exists()


def test_a_resident_cannot_reach_the_compose_page(resident_client):
    assert resident_client.get("/staff/notifications/new/").status_code == 403


def test_staff_define_topics_for_their_own_department_only(road_client, departments):
    from kuyakusho.notifications.models import Topic

    data = {
        "code": "road-works",
        "name_ja": "道路工事",
        "name_en": "Road works",
        "department": departments["road"].pk,
        "is_active": "on",
        "sort_order": 5,
    }
    assert road_client.post("/staff/notifications/topics/", data).status_code == 302
    topic = Topic.objects.get(code="road-works")
    assert AuditRecord.objects.filter(
        verb="notifications.topic.saved", target_id=str(topic.pk)
    ).exists()
    other = {**data, "code": "childcare-x", "department": departments["childcare"].pk}
    response = road_client.post("/staff/notifications/topics/", other)
    assert response.status_code == 400  # not a department this person manages
    assert not Topic.objects.filter(code="childcare-x").exists()
    bad = road_client.post("/staff/notifications/topics/", {**data, "code": "道路 工事"})
    assert bad.status_code == 400 and "道路工事" in bad.content.decode()
