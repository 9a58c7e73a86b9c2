"""Alerts: drafting from templates in six languages, the two-person rule, publication to the
disaster page, banner, CAP, feed and signage, updates and lifting, and refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kuyakusho.disaster import publication, selectors, services
from kuyakusho.disaster.models import Alert, AlertState, MessageType
from kuyakusho.signage import selectors as signage

from .conftest import draft, publish

pytestmark = pytest.mark.django_db


def test_a_template_fills_all_six_languages_with_the_area(crisis_staff, departments):
    alert = draft(crisis_staff.user, departments, "evacuation_order")
    texts = {t.language: t for t in alert.texts.all()}
    assert set(texts) == {"ja", "ja-x-easy", "en", "zh-hans", "zh-hant", "ko"}
    assert texts["ja"].headline == "【警戒レベル4】避難指示（区内全域）"
    assert texts["en"].headline == "[Level 4] Evacuation order (the whole ward)"
    assert alert.state == AlertState.DRAFT


def test_the_author_cannot_approve_their_own_alert(crisis_staff, departments):
    alert = draft(crisis_staff.user, departments)
    services.submit(crisis_staff.user, alert)
    with pytest.raises(PermissionDenied):
        services.approve(crisis_staff.user, alert)
    alert.refresh_from_db()
    assert alert.state == AlertState.PENDING_APPROVAL
    assert selectors.active_alerts() == []


def test_staff_outside_crisis_management_cannot_compose_or_approve(
    crisis_staff, road_staff, departments
):
    data = services.template_input(departments["disaster"], "weather", is_exercise=False)
    with pytest.raises(PermissionDenied):
        services.save_draft(road_staff.user, data)
    alert = draft(crisis_staff.user, departments)
    services.submit(crisis_staff.user, alert)
    with pytest.raises(PermissionDenied):
        services.approve(road_staff.user, alert)
    # A crisis department is required even for someone who holds roles there elsewhere.
    data.department = departments["road"]
    with pytest.raises(PermissionDenied):
        services.save_draft(crisis_staff.user, data)


def test_approval_publishes_everywhere_at_once(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks, emergency_topic
):
    alert = publish(
        crisis_staff.user,
        crisis_approver.user,
        departments,
        django_capture_on_commit_callbacks,
        exercise=True,
    )
    assert alert.state == AlertState.PUBLISHED and alert.approved_by == crisis_approver.user
    # The static disaster page, in Japanese and English, names it and marks the exercise.
    ja = publication.page_file("ja").read_text(encoding="utf-8")
    en = publication.page_file("en").read_text(encoding="utf-8")
    assert "【警戒レベル4】避難指示（区内全域）" in ja and "これは訓練のための情報です" in ja
    assert "[Level 4] Evacuation order (the whole ward)" in en
    assert len(ja.encode()) <= 30 * 1024 and "<script" not in ja
    # The banner on every page, the CAP feed and the signage override.
    home = Client().get("/")
    assert "【警戒レベル4】避難指示（区内全域）" in home.content.decode()
    feed = Client().get("/alerts/cap.atom").content.decode()
    assert f"/alerts/{alert.uuid}.xml" in feed and 'type="application/cap+xml"' in feed
    override = signage.override_of(publication.SIGNAGE_SOURCE)
    assert override is not None and override.is_exercise
    assert override.title.startswith("【警戒レベル4】避難指示")


def test_disaster_page_is_served_in_the_readers_language_without_javascript(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    client = Client()
    client.cookies["kuyakusho_language"] = "en"
    response = client.get("/disaster/")
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert "[Level 4] Evacuation order" in response.content.decode()
    assert "sha256-" in response["Content-Security-Policy"]  # the inline style, by its hash
    ko = Client().get("/disaster/index.ko.html")
    assert "[경계 레벨 4] 대피 지시" in ko.content.decode()
    assert Client().get("/disaster/index.xx.html").status_code == 404


def test_with_no_alert_the_page_says_so(ward):
    response = Client().get("/disaster/")
    assert "現在、発表中の警報・避難情報はありません。" in response.content.decode()


def test_update_supersedes_and_cancel_lifts_everywhere(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    original = publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    update = services.start_follow_up(crisis_staff.user, original, MessageType.UPDATE)
    data = services.alert_input_of(update)
    data.texts["ja"] = (
        "【警戒レベル4】避難指示（区内全域）第2報",
        "川の水位がさらに上がっています。",
        "",
    )
    services.save_draft(crisis_staff.user, data, alert=update)
    services.submit(crisis_staff.user, update)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(crisis_approver.user, update)
    original.refresh_from_db()
    assert original.superseded_at is not None
    assert [a.pk for a in selectors.active_alerts()] == [update.pk]
    assert "第2報" in publication.page_file("ja").read_text(encoding="utf-8")

    cancel = services.start_follow_up(crisis_staff.user, update, MessageType.CANCEL)
    assert cancel.texts.get(language="ja").headline.startswith("【解除】")
    services.submit(crisis_staff.user, cancel)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(crisis_approver.user, cancel)
    assert selectors.active_alerts() == []
    page = publication.page_file("ja").read_text(encoding="utf-8")
    assert "現在、発表中の警報・避難情報はありません。" in page
    assert "解除された情報" in page and "【解除】" in page
    assert "避難指示" not in Client().get("/").content.decode().split("<main")[0]
    assert signage.override_of(publication.SIGNAGE_SOURCE) is None
    # The thread is one history: three messages, each pointing at the one before.
    assert cancel.references_id == update.pk and update.references_id == original.pk
    assert cancel.thread_id == update.thread_id == original.pk


def test_two_people_updating_the_same_alert_cannot_both_publish(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    original = publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    first = services.start_follow_up(crisis_staff.user, original, MessageType.UPDATE)
    second = services.start_follow_up(crisis_staff.user, original, MessageType.CANCEL)
    for follow_up in (first, second):
        services.submit(crisis_staff.user, follow_up)
    services.approve(crisis_approver.user, first)
    with pytest.raises(ValidationError) as refused:
        services.approve(crisis_approver.user, second)
    assert refused.value.code == "stale"
    second.refresh_from_db()
    assert second.state == AlertState.PENDING_APPROVAL


def test_a_lifted_alert_cannot_be_updated_again(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    original = publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    cancel = services.start_follow_up(crisis_staff.user, original, MessageType.CANCEL)
    services.submit(crisis_staff.user, cancel)
    services.approve(crisis_approver.user, cancel)
    with pytest.raises(ValidationError):
        services.start_follow_up(crisis_staff.user, original, MessageType.UPDATE)
    with pytest.raises(ValidationError):
        services.start_follow_up(crisis_staff.user, cancel, MessageType.UPDATE)


def test_the_ward_can_let_one_person_publish_exercises(
    crisis_staff, departments, django_capture_on_commit_callbacks
):
    services.AlertPolicy.objects.update_or_create(
        pk=services.policy().pk, defaults={"second_person_for_exercise": False}
    )
    exercise = draft(crisis_staff.user, departments, exercise=True)
    with django_capture_on_commit_callbacks(execute=True):
        exercise = services.submit(crisis_staff.user, exercise)
    assert exercise.state == AlertState.PUBLISHED and exercise.approved_by is None
    actual = draft(crisis_staff.user, departments, exercise=False)
    assert services.submit(crisis_staff.user, actual).state == AlertState.PENDING_APPROVAL


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.texts.pop("ja"), "description_ja"),
        (lambda d: d.texts.update(ja=("", "内容", "")), "headline_ja"),
        (lambda d: d.texts.update(en=("x" * 121, "", "")), "headline_en"),
        (lambda d: setattr(d, "expires_at", d.effective_at - timedelta(minutes=1)), "expires_at"),
        (lambda d: setattr(d, "expires_at", d.effective_at + timedelta(days=8)), "expires_at"),
        (lambda d: setattr(d, "kind", "meteor"), "kind"),
        (lambda d: setattr(d, "severity", "Apocalyptic"), "severity"),
        (lambda d: setattr(d, "whole_ward", False), "areas"),
    ],
)
def test_bad_drafts_are_refused_with_the_field_named_and_nothing_saved(
    crisis_staff, departments, change, field
):
    data = services.template_input(departments["disaster"], "weather", is_exercise=False)
    change(data)
    with pytest.raises(ValidationError) as refused:
        services.save_draft(crisis_staff.user, data)
    assert field in refused.value.error_dict
    assert not Alert.objects.exists()


def test_nul_and_line_breaks_in_headlines_are_cleaned(crisis_staff, departments):
    data = services.template_input(departments["disaster"], "weather", is_exercise=False)
    data.texts["ja"] = ("大雨\x00の\nおそれ", "内容\x00です", "")
    alert = services.save_draft(crisis_staff.user, data)
    text = alert.texts.get(language="ja")
    assert (text.headline, text.description) == ("大雨の おそれ", "内容です")


def test_an_expired_alert_leaves_the_page_when_the_periodic_job_runs(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    alert = publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    assert publication.refresh_if_due() is False  # nothing changed since it was written
    later = alert.expires_at + timedelta(minutes=1)
    assert publication.refresh_if_due(now=later) is True
    assert "現在、発表中の警報・避難情報はありません。" in publication.page_file("ja").read_text(
        encoding="utf-8"
    )


def test_a_shelter_that_opens_appears_on_the_disaster_page(
    ward, departments, crisis_staff, django_capture_on_commit_callbacks
):
    from kuyakusho.shelters import services as shelters

    from ..shelters.conftest import make_shelter

    school = make_shelter(
        "第一小学校", department=departments["disaster"], capacity=300, is_designated_shelter=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        shelters.update_status(crisis_staff.user, school, status="open", head_count=42)
    page = publication.page_file("ja").read_text(encoding="utf-8")
    assert "第一小学校" in page and "42 / 300" in page and "開設中" in page
    with django_capture_on_commit_callbacks(execute=True):
        shelters.update_status(crisis_staff.user, school, status="closed")
    page = publication.page_file("ja").read_text(encoding="utf-8")
    assert "第一小学校" not in page and "開設中の避難所はありません。" in page
