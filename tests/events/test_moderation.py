"""Groups register and are approved by the department of their field; their events wait for
review and are published or sent back with a reason the group sees; staff publish their own
department's events directly; other departments and non-members can do none of it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kuyakusho.core import search
from kuyakusho.core.models import AuditRecord
from kuyakusho.events import services, services_groups
from kuyakusho.events.models import Event, EventStatus, Group, GroupStatus

from ..conftest import make_staff, sign_in
from .conftest import (
    department_event,
    event_input,
    form_data,
    group_form_data,
    group_input,
    published_group_event,
)

pytestmark = pytest.mark.django_db


def verbs(target) -> list[str]:
    return list(
        AuditRecord.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).values_list("verb", flat=True)
    )


def test_a_resident_registers_a_group_and_the_responsible_department_approves_it(
    resident_client, resident, lifelong_client, categories, django_capture_on_commit_callbacks
):
    response = resident_client.post(
        "/events/groups/register/", group_form_data(categories["culture"])
    )
    assert response.status_code == 302
    group = Group.objects.get()
    assert group.status == GroupStatus.PENDING and group.department.code == "lifelong-learning"
    manage = resident_client.get(response["Location"]).content.decode()  # the manage page
    assert "練馬コーラス" in manage and "区の担当課が登録申請を確認しています。" in manage
    assert Client().get(f"/events/groups/{group.pk}/").status_code == 404  # not public yet

    overview = lifelong_client.get("/staff/events/").content.decode()
    assert "練馬コーラス" in overview
    with django_capture_on_commit_callbacks(execute=True):
        response = lifelong_client.post(f"/staff/events/groups/{group.pk}/approve/")
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupStatus.APPROVED
    assert "練馬コーラス" in Client().get("/events/groups/").content.decode()
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert verbs(group) == ["events.group.requested", "events.group.approved"]


def test_a_sent_back_registration_shows_the_reason_and_goes_back_to_review_when_fixed(
    resident_client, resident, lifelong_client, categories
):
    group = services_groups.request_group(resident.user, group_input(categories["culture"]))
    response = lifelong_client.post(f"/staff/events/groups/{group.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "理由を入力してください" in response.content.decode()
    lifelong_client.post(
        f"/staff/events/groups/{group.pk}/reject/", {"reason": "活動内容を詳しく書いてください。"}
    )
    page = resident_client.get(f"/events/groups/{group.pk}/manage/").content.decode()
    assert "差し戻されました" in page and "活動内容を詳しく書いてください。" in page
    services_groups.update_group(
        resident.user, group, group_input(categories["culture"], description="毎週土曜に練習。")
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.PENDING


def test_another_department_cannot_review_the_group(resident, childcare_staff, categories):
    group = services_groups.request_group(resident.user, group_input(categories["culture"]))
    with pytest.raises(PermissionDenied):
        services_groups.approve_group(childcare_staff.user, group)
    client = sign_in(Client(), childcare_staff)
    assert client.get(f"/staff/events/groups/{group.pk}/").status_code == 403
    assert client.post(f"/staff/events/groups/{group.pk}/approve/").status_code == 403
    group.refresh_from_db()
    assert group.status == GroupStatus.PENDING


def test_a_group_event_waits_for_review_then_is_published_and_searchable(
    resident_client, resident, lifelong_client, group, categories
):
    response = resident_client.post(
        f"/events/groups/{group.pk}/events/new/", form_data(categories["culture"])
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.PENDING and event.department == group.department
    assert Client().get(f"/events/{event.pk}/").status_code == 404
    assert "合唱体験会" not in Client().get("/events/").content.decode()
    preview = resident_client.get(f"/events/{event.pk}/").content.decode()  # the organiser's
    assert "合唱体験会" in preview
    assert search.search("合唱体験", doc_types="event").total == 0

    lifelong_client.post(f"/staff/events/{event.pk}/approve/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert "合唱体験会" in Client().get("/events/").content.decode()
    hits = search.search("合唱体験", doc_types="event").hits
    assert [h.url for h in hits] == [f"/events/{event.pk}/"]
    assert verbs(event) == ["events.event.submitted", "events.event.approved"]


def test_a_sent_back_event_shows_the_reason_to_the_group(
    resident_client, resident, lifelong_client, group, django_capture_on_commit_callbacks
):
    event = services.submit_group_event(resident.user, group, event_input(group.category))
    with django_capture_on_commit_callbacks(execute=True):
        lifelong_client.post(
            f"/staff/events/{event.pk}/reject/", {"reason": "会場の名前を正確に。"}
        )
    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED
    page = resident_client.get(f"/events/groups/{group.pk}/manage/").content.decode()
    assert "差し戻し" in page and "会場の名前を正確に。" in page
    assert "会場の名前を正確に。" in mail.outbox[-1].body
    assert Client().get(f"/events/{event.pk}/").status_code == 404


def test_changing_a_published_group_event_takes_it_down_until_reviewed_again(
    resident, lifelong_staff, group
):
    event = published_group_event(group, resident, lifelong_staff)
    services.submit_group_event(
        resident.user, group, event_input(group.category, title="合唱体験会（会場変更）"), event
    )
    event.refresh_from_db()
    assert event.status == EventStatus.PENDING and event.sequence == 1
    assert Client().get(f"/events/{event.pk}/").status_code == 404
    assert search.search("合唱体験", doc_types="event").total == 0


def test_staff_publish_their_department_event_directly(lifelong_client, lifelong, categories):
    response = lifelong_client.post(
        "/staff/events/new/", {**form_data(categories["learning"]), "department": lifelong.pk}
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.PUBLISHED and event.group is None
    page = Client().get(f"/events/{event.pk}/").content.decode()
    assert "生涯学習課" in page


def test_staff_cannot_post_for_a_department_they_do_not_belong_to(
    lifelong_staff, departments, categories
):
    with pytest.raises(PermissionDenied):
        department_event(lifelong_staff, departments["road"], categories["learning"])
    client = sign_in(Client(), lifelong_staff)
    response = client.post(
        "/staff/events/new/",
        {**form_data(categories["learning"]), "department": departments["road"].pk},
    )
    assert response.status_code == 400  # not one of the choices offered
    assert not Event.objects.exists()


def test_department_isolation_on_review_and_participants(
    resident, lifelong_staff, road_staff, childcare_staff, group
):
    event = services.submit_group_event(resident.user, group, event_input(group.category))
    for persona in (road_staff, childcare_staff):
        with pytest.raises(PermissionDenied):
            services.approve_event(persona.user, event)
        client = sign_in(Client(), persona)
        assert client.get(f"/staff/events/{event.pk}/").status_code == 403
        assert client.post(f"/staff/events/{event.pk}/approve/").status_code == 403
        assert client.get(f"/staff/events/{event.pk}/participants/").status_code == 403
        assert "合唱体験会" not in client.get("/staff/events/").content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PENDING


def test_staff_cannot_edit_or_cancel_another_departments_event(
    lifelong_staff, lifelong, road_staff, departments, categories
):
    event = department_event(lifelong_staff, lifelong, categories["learning"])
    client = sign_in(Client(), road_staff)
    assert client.get(f"/staff/events/{event.pk}/edit/").status_code == 403
    # Posting it as the road division's own event does not take it over either.
    taken = {**form_data(categories["learning"]), "title": "乗っ取り"}
    for department in (departments["road"], lifelong):
        response = client.post(
            f"/staff/events/{event.pk}/edit/", {**taken, "department": department.pk}
        )
        assert response.status_code == 403
    assert client.post(f"/staff/events/{event.pk}/cancel/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_department_event(
            road_staff.user, departments["road"], event_input(categories["learning"]), event
        )
    with pytest.raises(PermissionDenied):
        services.cancel_event(road_staff.user, event)
    event.refresh_from_db()
    assert (event.title, event.department, event.status) == (
        "合唱体験会",
        lifelong,
        EventStatus.PUBLISHED,
    )
    assert "合唱体験会" in Client().get(f"/events/{event.pk}/").content.decode()


def test_a_staff_member_without_an_editor_role_sees_but_cannot_review(resident, lifelong, group):
    viewer = make_staff("lifelong.viewer@example.jp", lifelong, "staff")
    event = services.submit_group_event(resident.user, group, event_input(group.category))
    client = sign_in(Client(), viewer)
    page = client.get(f"/staff/events/{event.pk}/").content.decode()
    assert "合唱体験会" in page and "公開する" not in page
    assert client.post(f"/staff/events/{event.pk}/approve/").status_code == 403


def test_a_non_member_cannot_manage_the_group_or_post_for_it(
    other_client, other_resident, group, categories
):
    assert other_client.get(f"/events/groups/{group.pk}/manage/").status_code == 404
    response = other_client.post(
        f"/events/groups/{group.pk}/events/new/", form_data(categories["culture"])
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.submit_group_event(other_resident.user, group, event_input(group.category))
    assert not Event.objects.exists()


def test_a_pending_group_cannot_post_events(resident, categories):
    pending = services_groups.request_group(resident.user, group_input(categories["culture"]))
    with pytest.raises(PermissionDenied):
        services.submit_group_event(resident.user, pending, event_input(pending.category))
    assert not Event.objects.exists()


def test_an_invited_resident_becomes_a_manager_and_can_post(
    resident, other_resident, other_client, group
):
    token = services_groups.create_invite(resident.user, group)
    page = other_client.get(f"/events/groups/join/{token}/")
    assert page.status_code == 200 and group.name in page.content.decode()
    assert other_client.post(f"/events/groups/join/{token}/").status_code == 302
    event = services.submit_group_event(other_resident.user, group, event_input(group.category))
    assert event.submitted_by == other_resident.user
    newer = services_groups.create_invite(resident.user, group)
    assert newer != token
    assert other_client.get(f"/events/groups/join/{token}/").status_code == 400  # replaced
    assert other_client.get("/events/groups/join/not-a-token/").status_code == 400


def test_the_last_manager_cannot_leave(resident, group):
    manager = group.managers.get()
    with pytest.raises(ValidationError):
        services_groups.remove_manager(resident.user, group, manager)
    assert list(group.managers.all()) == [manager]


def test_organisers_and_the_department_cancel_events_and_participants_are_told(
    resident, lifelong_staff, other_resident, group, django_capture_on_commit_callbacks
):
    from kuyakusho.events import services_signups

    event = published_group_event(group, resident, lifelong_staff, signup_required=True)
    services_signups.sign_up(other_resident.user, event, name="練馬 太郎")
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.cancel_event(other_resident.user, event)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(resident.user, event)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [[other_resident.email]]
    page = Client().get(f"/events/{event.pk}/").content.decode()
    assert "中止" in page
    assert "合唱体験会" not in Client().get("/events/").content.decode()


def test_staff_reads_of_an_unpublished_group_contact_are_recorded(
    lifelong_client, lifelong_staff, group
):
    page = lifelong_client.get(f"/staff/events/groups/{group.pk}/").content.decode()
    assert "chorus@example.jp" in page
    record = AuditRecord.objects.get(verb="events.group.contact_read")
    assert record.actor_id == lifelong_staff.user.pk and record.target_id == str(group.pk)
    assert "chorus" not in str(record.data)


def test_categories_are_configured_by_approvers_only(lifelong_client, lifelong, departments):
    assert lifelong_client.get("/staff/events/categories/").status_code == 403  # an editor
    approver = make_staff("lifelong.head@example.jp", lifelong, "approver")
    client = sign_in(Client(), approver)
    response = client.post(
        "/staff/events/categories/",
        {"code": "Bad Code", "name_ja": "音楽", "department": lifelong.pk, "sort_order": 5},
    )
    assert response.status_code == 400 and 'value="音楽"' in response.content.decode()
    client.post(
        "/staff/events/categories/",
        {"code": "music", "name_ja": "音楽", "department": lifelong.pk, "sort_order": 5,
         "is_active": "on"},
    )  # fmt: skip
    assert AuditRecord.objects.filter(verb="events.category.saved").count() == 1
    assert "音楽" in Client().get("/events/").content.decode()  # offered as a filter


def test_the_staff_event_form_offers_only_the_staff_members_departments(
    lifelong_client, lifelong, departments
):
    page = lifelong_client.get("/staff/events/new/").content.decode()
    assert "生涯学習課" in page and "道路課" not in page
