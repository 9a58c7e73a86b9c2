"""Staff work on reports: the department's inbox only, answers that reach followers through
the notifications engine, assignment, category moves, merge, forward, private photos, the
audited contact read, entry on a resident's behalf, and the figures per department."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.notifications import fanout
from kuyakusho.notifications.models import Delivery, Message
from kuyakusho.reports import selectors, services, services_staff
from kuyakusho.reports.models import Follower, Report
from kuyakusho.reports.states import State

from ..conftest import sign_in
from .conftest import file_report, jpeg, report_input

pytestmark = pytest.mark.django_db


def test_the_inbox_shows_the_departments_reports_only(
    road_client, categories, resident, parks_staff
):
    light = file_report(resident.user)
    swing = file_report(resident.user, category="park-equipment", answers={"danger": "yes"})
    page = road_client.get("/staff/reports/").content.decode()
    assert light.reference in page and swing.reference not in page
    assert road_client.get(f"/staff/reports/{swing.pk}/").status_code == 403
    parks = sign_in(Client(), parks_staff).get("/staff/reports/").content.decode()
    assert swing.reference in parks and light.reference not in parks


def test_other_departments_cannot_change_a_report(categories, resident, childcare_staff):
    report = file_report(resident.user)
    with pytest.raises(PermissionDenied):
        services_staff.change_state(childcare_staff.user, report, state=State.FIXED)
    with pytest.raises(PermissionDenied):
        services_staff.read_contact(childcare_staff.user, report, purpose="確認")


def test_an_answer_and_completion_reach_the_followers(
    road_client, road_staff, categories, resident, smtp_server, django_capture_on_commit_callbacks
):
    report = file_report(resident.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = road_client.post(f"/staff/reports/{report.pk}/state/",
                                    {"state": "fixed", "text": "電球を交換しました。"})  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.FIXED and report.closed_at and report.first_response_at
    message = Message.objects.get(is_direct=True)
    fanout.deliver(message.pk)
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == resident.email and report.reference in mail["Subject"]
    assert "電球を交換しました。" in mail.get_body(("plain",)).get_content()
    assert Delivery.objects.filter(message=message, channel="inbox").exists()
    page = Client().get(f"/reports/{report.pk}/").content.decode()
    assert "完了" in page and "電球を交換しました。" in page
    assert AuditRecord.objects.filter(verb="reports.report.state_changed").exists()
    # A direct message never appears on the topic's public feed.
    from kuyakusho.notifications.selectors import published_messages

    assert not published_messages().filter(pk=message.pk).exists()


def test_internal_notes_stay_internal(road_client, categories, resident):
    report = file_report(resident.user)
    road_client.post(f"/staff/reports/{report.pk}/note/", {"text": "業者に手配済み（内部）"})
    assert "業者に手配済み" in road_client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "業者に手配済み" not in Client().get(f"/reports/{report.pk}/").content.decode()


def test_assign_priority_and_due_date(road_client, road_staff, categories, resident):
    report = file_report(resident.user)
    response = road_client.post(f"/staff/reports/{report.pk}/work/",
                                {"assignee": road_staff.user.pk, "priority": "high",
                                 "due_date": "2026-12-24"})  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.assignee, report.priority, str(report.due_date)) == (
        road_staff.user,
        "high",
        "2026-12-24",
    )
    bad = road_client.post(f"/staff/reports/{report.pk}/work/",
                           {"priority": "high", "due_date": "24/12"})  # fmt: skip
    assert bad.status_code == 400 and "2026-12-31 の形" in bad.content.decode()


def test_assigning_someone_outside_the_department_is_refused(road_staff, categories, resident,
                                                             childcare_staff):  # fmt: skip
    report = file_report(resident.user)
    with pytest.raises(ValidationError):
        services_staff.assign(road_staff.user, report, assignee=childcare_staff.user)


def test_changing_the_category_moves_the_report_to_the_other_department(
    road_client, categories, resident, parks_staff
):
    report = file_report(resident.user)
    response = road_client.post(f"/staff/reports/{report.pk}/category/",
                                {"category": "park-equipment"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/staff/reports/"
    report.refresh_from_db()
    assert report.department.code == "parks"
    assert road_client.get(f"/staff/reports/{report.pk}/").status_code == 403
    assert sign_in(Client(), parks_staff).get(f"/staff/reports/{report.pk}/").status_code == 200


def test_merging_a_duplicate_moves_its_followers(road_staff, categories, resident):
    original = file_report(resident.user)
    from kuyakusho.accounts.models import User

    other = User.objects.create_user(email="other@example.jp", password="x" * 20)
    duplicate = file_report(other)
    services_staff.merge(road_staff.user, duplicate, original=original)
    duplicate.refresh_from_db()
    assert duplicate.state == State.DUPLICATE and duplicate.duplicate_of == original
    assert Follower.objects.filter(report=original, user=other).exists()
    page = Client().get(f"/reports/{duplicate.pk}/").content.decode()
    assert original.reference in page
    with pytest.raises(ValidationError):
        services_staff.merge(road_staff.user, original, original=duplicate)  # itself via chain


def test_forwarding_records_the_manager(road_client, categories, resident):
    report = file_report(resident.user)
    empty = road_client.post(f"/staff/reports/{report.pk}/forward/", {"manager": ""})
    assert empty.status_code == 400 and "連絡した管理者" in empty.content.decode()
    road_client.post(f"/staff/reports/{report.pk}/forward/", {"manager": "東京都第四建設事務所"})
    report.refresh_from_db()
    assert report.state == State.NOT_WARD and report.forwarded_to == "東京都第四建設事務所"
    (as_json,) = Client().get(f"/open311/v2/requests/{report.pk}.json").json()
    assert as_json["status"] == "closed" and as_json["service_notice"] == "東京都第四建設事務所"


def test_staff_photos_are_private_unless_published(road_client, categories, resident):
    report = file_report(resident.user)
    road_client.post(f"/staff/reports/{report.pk}/photos/", {"photos": [jpeg()]})
    photo = report.photos.get()
    assert not photo.is_public
    assert Client().get(f"/reports/photos/{photo.uuid}.jpg").status_code == 404
    road_client.post(f"/staff/reports/{report.pk}/photos/{photo.pk}/", {"public": "1"})
    assert Client().get(f"/reports/photos/{photo.uuid}.jpg").status_code == 200


def test_the_contact_is_read_with_a_purpose_and_audited(road_client, categories):
    report = services.submit_report(
        None, report_input(email="taro@example.jp", name="山田 太郎", phone="090-1234-5678")
    )
    services.confirm_report(Report.objects.get(pk=report.pk).confirmation_token)
    detail = road_client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "taro@example.jp" not in detail and "山田" not in detail
    no_purpose = road_client.post(f"/staff/reports/{report.pk}/contact/", {"purpose": ""})
    assert no_purpose.status_code == 400
    shown = road_client.post(f"/staff/reports/{report.pk}/contact/", {"purpose": "場所の確認"})
    page = shown.content.decode()
    assert "taro@example.jp" in page and "090-1234-5678" in page
    record = AuditRecord.objects.get(verb="reports.contact.read")
    assert record.data["purpose"] == "場所の確認" and "taro" not in str(record.data)


def test_a_phone_report_entered_on_a_residents_behalf(road_client, categories):
    response = road_client.post("/staff/reports/enter/", {
        "category": "road-damage", "source": "phone", "lat": "35.7401", "lon": "139.6402",
        "description": "電話: 歩道の段差", "name": "電話の方", "phone": "03-1111-2222"})  # fmt: skip
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.source == "phone" and report.is_public and report.entered_by is not None
    assert report.contact.phone == "03-1111-2222"


def test_response_templates_per_department(road_client, categories, resident):
    road_client.post("/staff/reports/settings/templates/",
                     {"state": "fixed", "title": "修理完了", "text": "修理しました。"})  # fmt: skip
    assert (
        "修理しました。" in road_client.get("/staff/reports/settings/templates/").content.decode()
    )


def test_figures_per_department(road_staff, categories, resident, road_client):
    done = file_report(resident.user)
    file_report(resident.user, lat="35.7450", lon="139.6300")
    services_staff.change_state(road_staff.user, done, state=State.FIXED, text="直しました")
    (row,) = selectors.figures(services_staff.department_ids(road_staff.user))
    assert (row.received, row.open, row.closed) == (2, 1, 1)
    assert row.first_response_hours is not None and row.completion_hours is not None
    page = road_client.get("/staff/reports/figures/").content.decode()
    assert "道路課" in page


def test_categories_are_configured_by_a_chief_and_change_open311(
    categories, departments, ward, client
):
    from ..conftest import make_staff

    chief = make_staff("road.chief@example.jp", departments["road"], "approver")
    staff_client = sign_in(Client(), chief)
    response = staff_client.post("/staff/reports/settings/categories/new/", {
        "code": "sign", "name_ja": "道路標識", "name_en": "Road sign", "department":
        departments["road"].pk, "is_active": "on", "sort_order": "60"})  # fmt: skip
    assert response.status_code == 302
    category_id = response["Location"].rstrip("/").split("/")[-1]
    staff_client.post(f"/staff/reports/settings/categories/{category_id}/questions/", {
        "code": "bent", "label_ja": "曲がっていますか", "datatype": "singlevaluelist",
        "required": "on", "order": "1", "choices_text": "yes|はい|Yes\nno|いいえ|No"})  # fmt: skip
    definition = client.get("/open311/v2/services/sign.json").json()
    assert definition["attributes"][0]["values"][0] == {"key": "yes", "name": "はい"}
    # An editor may not.
    road = make_staff("road.editor2@example.jp", departments["road"], "editor")
    refused = sign_in(Client(), road).get("/staff/reports/settings/categories/new/")
    assert refused.status_code == 403


def test_state_labels_are_configurable(categories, departments, resident, client):
    from kuyakusho.reports import services_settings

    from ..conftest import make_staff

    chief = make_staff("road.chief@example.jp", departments["road"], "approver")
    report = file_report(resident.user)
    services_settings.set_state_label(chief.user, "received", label_ja="受付済み",
                                      label_en="Logged")  # fmt: skip
    assert "受付済み" in client.get(f"/reports/{report.pk}/").content.decode()
    english = client.get(f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Logged" in english
