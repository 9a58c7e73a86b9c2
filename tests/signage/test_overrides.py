"""Overrides: an alert that replaces every screen's content until it expires or is cleared,
marked clearly as an exercise when it is one, set only by those allowed, always audited; and
the hook through which another domain (disaster) puts its own alert up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kuyakusho.core.models import AuditRecord
from kuyakusho.signage import services
from kuyakusho.signage.models import Override, Severity

from .conftest import make_screen


@pytest.fixture
def screens(portal, departments):
    return [
        make_screen("honcho", departments["road"], categories=[portal["kenko"]]),
        make_screen("lobby", departments["childcare"], language="en", seconds_per_slide=60),
    ]


def in_an_hour():
    return timezone.now() + timedelta(hours=1)


def alert(actor, **fields):  # type: ignore[no-untyped-def]
    values = {
        "title": "大雨のため区民館を閉館します",
        "body": "最寄りの避難所を確認してください。",
        "severity": Severity.EMERGENCY,
        "expires_at": in_an_hour(),
    }
    values.update(fields)
    return services.set_override(actor, **values)


def test_an_override_replaces_the_content_of_every_screen(client, screens, ict_admin):
    override = alert(ict_admin.user)
    for slug in ("honcho", "lobby"):
        html = client.get(f"/signage/{slug}/").content.decode()
        assert 'class="override override-emergency" role="alert"' in html
        assert "大雨のため区民館を閉館します" in html
        assert "<article" not in html  # only the alert
        assert "slide-controls" not in html
        payload = client.get(f"/signage/{slug}/content.json").json()
        assert payload["override"] == {
            "id": override.pk,
            "source": "manual",
            "title": "大雨のため区民館を閉館します",
            "body": "最寄りの避難所を確認してください。",
            "severity": "emergency",
            "severity_label": payload["override"]["severity_label"],  # in the screen's language
            "exercise": False,
            "exercise_label": "",
            "expires_at": override.expires_at.isoformat(),
        }
    assert services.active_override() == override
    assert client.get("/signage/honcho/content.json").json()["override"]["severity_label"] == "緊急"


def test_without_javascript_a_screen_asks_again_every_ten_seconds_during_an_override(
    client, screens, ict_admin
):
    alert(ict_admin.user)
    html = client.get("/signage/lobby/?slide=1").content.decode()
    assert '<meta http-equiv="refresh" content="10;url=/signage/lobby/?slide=1">' in html


def test_caution_is_yellow_and_an_exercise_says_so(client, screens, ict_admin):
    alert(ict_admin.user, severity=Severity.CAUTION, is_exercise=True, title="訓練用の表示")
    html = client.get("/signage/honcho/").content.decode()
    assert 'class="override override-caution"' in html
    assert html.count('<p class="override-exercise">訓練') == 2  # above and below the alert
    assert "これは訓練です" in html
    payload = client.get("/signage/honcho/content.json").json()["override"]
    assert payload["exercise"] is True
    assert payload["exercise_label"] == "訓練"
    assert payload["severity"] == "caution"


def test_an_override_ends_by_itself(client, screens, ict_admin):
    override = alert(ict_admin.user)
    Override.objects.filter(pk=override.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.active_override() is None
    html = client.get("/signage/honcho/").content.decode()
    assert 'role="alert"' not in html
    assert "<article" in html
    assert client.get("/signage/honcho/content.json").json()["override"] is None


def test_clearing_brings_the_screens_back_and_is_recorded(client, screens, ict_admin):
    override = alert(ict_admin.user)
    version = client.get("/signage/honcho/content.json").json()["version"]
    assert services.clear_override(ict_admin.user) == override
    payload = client.get("/signage/honcho/content.json").json()
    assert payload["override"] is None
    assert payload["version"] != version  # what makes a screen with JavaScript reload
    override.refresh_from_db()
    assert override.cleared_by == ict_admin.user
    verbs = list(
        AuditRecord.objects.filter(verb__startswith="signage.override").values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["signage.override.set", "signage.override.cleared"]
    assert services.clear_override(ict_admin.user) is None  # a second press changes nothing


def test_a_new_override_replaces_the_previous_one_of_its_source(screens, ict_admin):
    first = alert(ict_admin.user, title="一つ目")
    second = alert(ict_admin.user, title="二つ目")
    first.refresh_from_db()
    assert first.cleared_at is not None
    assert services.active_override() == second
    record = AuditRecord.objects.filter(verb="signage.override.set").order_by("-sequence").first()
    assert record.data["replaced"] == first.pk


def test_only_admins_may_set_or_clear_an_override(screens, road_staff, childcare_staff, road_admin):
    for person in (road_staff, childcare_staff):
        with pytest.raises(PermissionDenied):
            alert(person.user)
        with pytest.raises(PermissionDenied):
            services.clear_override(person.user)
    # An admin of any department (the ICT division, 防災 …) may.
    assert alert(road_admin.user).created_by == road_admin.user
    assert not Override.objects.filter(created_by=road_staff.user).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "あ" * 61}, "title"),
        ({"body": "い" * 301}, "body"),
        ({"severity": "purple"}, "severity"),
        ({"expires_at": None}, "expires_at"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expires_at"),
        ({"expires_at": timezone.now() + timedelta(days=8)}, "expires_at"),
    ],
)
def test_bad_override_input_is_refused_field_by_field(screens, ict_admin, fields, field):
    with pytest.raises(ValidationError) as caught:
        alert(ict_admin.user, **fields)
    assert field in caught.value.error_dict
    assert not Override.objects.exists()


def test_another_domain_puts_its_alert_up_through_a_registered_source(
    client, screens, ict_admin, road_admin
):
    services.register_override_source("disaster", "防災", permission="audit.view")
    try:
        # Someone without the source's permission cannot use it (road_admin is not ICT).
        with pytest.raises(PermissionDenied):
            alert(road_admin.user, source="disaster")
        caution = alert(road_admin.user, severity=Severity.CAUTION, title="手動の注意")
        disaster = alert(ict_admin.user, source="disaster", title="避難指示（サンプル）")
        # Both are in force; the most severe is what every screen shows.
        assert services.active_override() == disaster
        assert "避難指示（サンプル）" in client.get("/signage/lobby/").content.decode()
        services.clear_override(ict_admin.user, source="disaster")
        assert services.active_override() == caution  # the manual one is untouched
    finally:
        services.OVERRIDE_SOURCES.pop("disaster")


def test_an_unknown_source_is_a_programming_error(screens, ict_admin):
    with pytest.raises(LookupError):
        alert(ict_admin.user, source="nobody")
