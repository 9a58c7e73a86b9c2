"""The JSON API gives players what the screens show, and the demo has two sample screens."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kuyakusho.signage import services
from kuyakusho.signage.models import Screen

from .conftest import make_screen


def test_api_screen_content_matches_content_json(client, portal, departments):
    make_screen(
        "honcho",
        departments["road"],
        categories=[portal["kenko"]],
        message="ご来庁ありがとうございます。",
    )
    api = client.get("/api/v1/signage/screens/honcho")
    assert api.status_code == 200
    assert "no-store" in api["Cache-Control"]
    page = client.get("/signage/honcho/content.json").json()
    payload = api.json()
    for key in ("screen", "ward", "version", "override", "slides", "poll_seconds"):
        assert payload[key] == page[key], key
    assert [s["kind"] for s in payload["slides"]] == ["message", "notice"]


def test_api_unknown_or_switched_off_screen_is_404(client, portal, departments):
    make_screen("off", departments["road"], is_active=False)
    assert client.get("/api/v1/signage/screens/off").status_code == 404
    assert client.get("/api/v1/signage/screens/nothing").status_code == 404
    assert client.get("/api/v1/signage/screens/%3Cscript%3E").status_code in (404, 422)


def test_api_override_is_null_then_the_alert(client, portal, ict_admin):
    assert client.get("/api/v1/signage/override").json() is None
    services.set_override(
        ict_admin.user,
        title="訓練の表示",
        severity="caution",
        is_exercise=True,
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    payload = client.get("/api/v1/signage/override").json()
    assert payload["title"] == "訓練の表示"
    assert payload["exercise"] is True
    assert payload["severity"] == "caution"


def test_the_api_is_in_the_openapi_schema(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/signage/screens/{slug}" in paths
    assert "/api/v1/signage/override" in paths


def test_demo_loads_two_sample_screens_once(portal, ward, departments):
    from kuyakusho.signage import demo

    demo.load(ward)
    demo.load(ward)
    screens = {s.slug: s for s in Screen.objects.all()}
    assert set(screens) == {"honchosha-1f", "kuminkan-lobby"}
    assert all(s.is_sample and "サンプル" in s.name for s in screens.values())
    assert screens["honchosha-1f"].department.code == "ict"
    assert screens["honchosha-1f"].notice_categories.count() == 4
    assert screens["kuminkan-lobby"].department.code == "residents"
