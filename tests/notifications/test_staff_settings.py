"""Back office for the ICT division: areas with GeoJSON polygons and webhook endpoints with
signing secrets shown once, rotation, a test send to a real server, and 403 for everyone else."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils.html import escape

from kuyakusho.core.models import AuditRecord
from kuyakusho.notifications import services, services_settings
from kuyakusho.notifications.channels.webhook import sign, verify
from kuyakusho.notifications.models import Area, WebhookEndpoint
from kuyakusho.notifications.models.subscribers import fingerprint

from ..conftest import make_staff, reauthenticate, sign_in
from .conftest import make_subscriber

pytestmark = pytest.mark.django_db

# Inside 練馬区's bounds (35.715–35.780 N, 139.555–139.685 E); [longitude, latitude].
SQUARE = [[139.60, 35.73], [139.62, 35.73], [139.62, 35.75], [139.60, 35.75], [139.60, 35.73]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE]}


def _area_data(**extra):
    data = {
        "code": "sakuradai-1",
        "kind": "town",
        "name_ja": "桜台一丁目",
        "name_en": "Sakuradai 1-chome",
        "polygon": json.dumps(POLYGON),
    }
    data.update(extra)
    return data


def _field_error(content: str, field: str) -> str:
    match = re.search(rf'<div class="field-error" id="id_{field}-error">(.*?)</div>', content, re.S)
    assert match, f"no error shown next to {field}"
    return match.group(1)


# --- areas ---------------------------------------------------------------------------------
def test_ict_admin_creates_and_edits_an_area_with_a_polygon(ict_client, ict_admin):
    response = ict_client.post("/staff/notifications/areas/new/", _area_data())
    assert response.status_code == 302
    area = Area.objects.get(code="sakuradai-1")
    assert area.polygon == POLYGON and area.kind == "town"
    assert response["Location"] == f"/staff/notifications/areas/{area.pk}/"

    page = ict_client.get(response["Location"]).content.decode()
    # The saved polygon comes back in the field and on the map (GeoJSON in the map config).
    assert escape(json.dumps(POLYGON)) in page
    config = json.loads(re.search(r'id="area-map-config"[^>]*>(.*?)</script>', page).group(1))
    assert config["geojson"]["features"][0]["geometry"] == POLYGON
    assert "35.74000" in page  # the list equivalent gives the centre

    moved = {
        "type": "MultiPolygon",
        "coordinates": [[SQUARE], [[[x + 0.03, y] for x, y in SQUARE]]],
    }
    response = ict_client.post(
        f"/staff/notifications/areas/{area.pk}/",
        _area_data(name_en="Sakuradai 1", polygon=json.dumps(moved)),
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name_en == "Sakuradai 1" and area.polygon["type"] == "MultiPolygon"
    created, changed = AuditRecord.objects.filter(verb__startswith="notifications.area.").order_by(
        "sequence"
    )
    assert created.verb == "notifications.area.created" and created.actor_id == ict_admin.user.pk
    assert changed.verb == "notifications.area.changed"
    assert set(changed.data["fields"]) == {"name_en", "polygon"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('{"type": "Polygon", "coordinates": [[[139.6, 35.73],', "GeoJSON として読み取れません"),
        (
            json.dumps({"type": "Polygon", "coordinates": [SQUARE[:-1] + [[139.61, 35.74]]]}),
            "閉じていません",
        ),
        (
            json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [[[139.0, 35.0], [139.1, 35.0], [139.1, 35.1], [139.0, 35.0]]],
                }
            ),
            "区域の外です",
        ),
        ('{"type": "Point", "coordinates": [139.6, 35.73]}', "Polygon か MultiPolygon"),
        (
            '{"type": "Polygon", "coordinates": [[[139.6, NaN], [139.62, 35.73], [139.62, 35.75], [139.6, NaN]]]}',
            "GeoJSON として読み取れません",
        ),
        (
            json.dumps({"type": "Polygon", "coordinates": [[["139.6", "35.73"]] * 4]}),
            "[経度, 緯度] の形の数値",
        ),
    ],
    ids=["invalid-json", "open-ring", "outside-the-ward", "not-a-polygon", "nan", "text-numbers"],
)
def test_a_bad_polygon_is_refused_next_to_the_field_and_kept(ict_client, typed, expected):
    data = _area_data(polygon=typed)
    response = ict_client.post("/staff/notifications/areas/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in _field_error(page, "polygon")
    # Everything typed comes back: the GeoJSON exactly as typed, and the other fields.
    assert f">\n{escape(typed)}</textarea>" in page
    assert 'value="Sakuradai 1-chome"' in page and 'value="sakuradai-1"' in page
    assert not Area.objects.exists()


def test_the_service_checks_polygon_and_permission_itself(road_staff, ict_admin):
    area = Area(code="x", name_ja="X", polygon={"type": "Polygon", "coordinates": [SQUARE[:3]]})
    with pytest.raises(PermissionDenied):
        services_settings.save_area(road_staff.user, area)
    with pytest.raises(Exception) as error:
        services_settings.save_area(ict_admin.user, area)
    assert "polygon" in error.value.message_dict
    assert not Area.objects.exists()


def test_an_area_in_use_is_not_deleted_and_an_unused_one_is(ict_client, road_staff, topics, areas):
    message = services.save_draft(
        road_staff.user,
        topic=topics["safety"],
        channels=["email"],
        texts={"ja": ("件名", "本文")},
        areas=[areas["north"]],
    )
    page = ict_client.get(f"/staff/notifications/areas/{areas['north'].pk}/delete/")
    assert "1件のメッセージの配信先に使われているため、削除できません" in page.content.decode()
    response = ict_client.post(
        f"/staff/notifications/areas/{areas['north'].pk}/delete/", follow=True
    )
    assert "削除できません" in response.content.decode()
    assert Area.objects.filter(pk=areas["north"].pk).exists()
    assert list(message.areas.all()) == [areas["north"]]

    make_subscriber("s@example.jp", topics=[topics["safety"]], areas=[areas["south"]])
    page = ict_client.get(f"/staff/notifications/areas/{areas['south'].pk}/delete/")
    assert "この地域を選んでいる登録者: 1人" in page.content.decode()
    response = ict_client.post(f"/staff/notifications/areas/{areas['south'].pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/staff/notifications/areas/"
    assert not Area.objects.filter(pk=areas["south"].pk).exists()
    record = AuditRecord.objects.get(verb="notifications.area.deleted")
    assert record.data == {"code": "south", "subscribers": 1}


# --- who may open the new screens ----------------------------------------------------------
def _new_urls(area_pk: int, endpoint_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", "/staff/notifications/areas/"),
        ("get", "/staff/notifications/areas/new/"),
        ("post", "/staff/notifications/areas/new/"),
        ("get", f"/staff/notifications/areas/{area_pk}/"),
        ("post", f"/staff/notifications/areas/{area_pk}/"),
        ("get", f"/staff/notifications/areas/{area_pk}/delete/"),
        ("post", f"/staff/notifications/areas/{area_pk}/delete/"),
        ("get", "/staff/notifications/webhooks/"),
        ("get", "/staff/notifications/webhooks/new/"),
        ("post", "/staff/notifications/webhooks/new/"),
        ("get", f"/staff/notifications/webhooks/{endpoint_pk}/"),
        ("post", f"/staff/notifications/webhooks/{endpoint_pk}/"),
        ("post", f"/staff/notifications/webhooks/{endpoint_pk}/rotate/"),
        ("post", f"/staff/notifications/webhooks/{endpoint_pk}/active/"),
        ("post", f"/staff/notifications/webhooks/{endpoint_pk}/test/"),
    ]


def test_department_staff_get_403_on_every_new_url(
    road_staff, childcare_staff, departments, topics, areas
):
    endpoint = WebhookEndpoint.objects.create(name="signage", url="https://signage.example.jp/")
    endpoint.topics.set([topics["safety"]])
    secret = endpoint.secret
    road_admin = make_staff("road.admin@example.jp", departments["road"], "admin")
    for persona in (road_staff, childcare_staff, road_admin):
        client = sign_in(Client(), persona)
        for method, url in _new_urls(areas["north"].pk, endpoint.pk):
            data = {"code": "hacked", "name_ja": "x", "name": "x", "url": "https://x.example/"}
            response = getattr(client, method)(url, data if method == "post" else None)
            assert response.status_code == 403, (persona.email, method, url)
        # The list page offers no links to them either.
        page = client.get("/staff/notifications/").content.decode()
        assert "/staff/notifications/areas/" not in page
        assert "/staff/notifications/webhooks/" not in page
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and endpoint.is_active and endpoint.name == "signage"
    assert set(Area.objects.values_list("code", flat=True)) == {"north", "south"}
    assert not AuditRecord.objects.filter(verb__startswith="notifications.webhook.").exists()


def test_the_list_page_links_the_new_screens_for_the_ict_division(ict_client):
    page = ict_client.get("/staff/notifications/").content.decode()
    assert 'href="/staff/notifications/areas/"' in page
    assert 'href="/staff/notifications/webhooks/"' in page


# --- webhook endpoints ---------------------------------------------------------------------
@pytest.fixture
def sudo_client(ict_client, ict_admin):
    """Webhook screens show secrets: like the audit log, they ask for the password again."""
    return reauthenticate(ict_client, ict_admin)


def test_webhook_screens_ask_for_the_password_again(ict_client, ict_admin):
    response = ict_client.get("/staff/notifications/webhooks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    reauthenticate(ict_client, ict_admin)
    page = ict_client.get("/staff/notifications/webhooks/").content.decode()
    assert "送信先はまだありません。" in page


def _secret_on(page: str) -> str | None:
    match = re.search(r'<code id="new-secret">([^<]+)</code>', page)
    return match.group(1) if match else None


def _create_endpoint(client, topics, url="https://bridge.example.jp/hook/abc") -> tuple:
    response = client.post(
        "/staff/notifications/webhooks/new/",
        {"name": "LINE 連携", "url": url, "topics": [topics["safety"].pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get(name="LINE 連携")
    return endpoint, response["Location"]


def test_the_secret_is_shown_once_then_only_its_fingerprint(sudo_client, topics):
    endpoint, location = _create_endpoint(sudo_client, topics)
    assert location == f"/staff/notifications/webhooks/{endpoint.pk}/"
    first = sudo_client.get(location)
    assert first.status_code == 200 and "no-store" in first["Cache-Control"]
    page = first.content.decode()
    assert _secret_on(page) == endpoint.secret and len(endpoint.secret) >= 32
    assert fingerprint(endpoint.secret) in page

    again = sudo_client.get(location).content.decode()
    assert _secret_on(again) is None and endpoint.secret not in again
    assert fingerprint(endpoint.secret) in again
    listing = sudo_client.get("/staff/notifications/webhooks/").content.decode()
    assert endpoint.secret not in listing and "LINE 連携" in listing
    record = AuditRecord.objects.get(verb="notifications.webhook.created")
    assert endpoint.secret not in json.dumps(record.data, ensure_ascii=False)
    assert record.data["host"] == "bridge.example.jp" and record.data["topics"] == ["safety"]
    assert record.data["secret"] == fingerprint(endpoint.secret)


def test_rotation_changes_the_secret_and_old_signatures_stop_verifying(sudo_client, topics):
    endpoint, location = _create_endpoint(sudo_client, topics)
    sudo_client.get(location)  # the first secret has been shown
    old = endpoint.secret
    timestamp, body = str(int(time.time())), b'{"id": 1}'
    old_signature = sign(old, timestamp, body)
    assert verify(old, timestamp, body, old_signature)

    response = sudo_client.post(f"/staff/notifications/webhooks/{endpoint.pk}/rotate/")
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert not verify(endpoint.secret, timestamp, body, old_signature)
    page = sudo_client.get(location).content.decode()
    assert _secret_on(page) == endpoint.secret and old not in page
    assert "古い秘密鍵による署名は、もう通りません" in page
    assert _secret_on(sudo_client.get(location).content.decode()) is None
    record = AuditRecord.objects.get(verb="notifications.webhook.secret_rotated")
    assert record.data == {"old": fingerprint(old), "new": fingerprint(endpoint.secret)}


def test_edit_keeps_the_secret_and_deactivate_stops_it(sudo_client, topics):
    endpoint, location = _create_endpoint(sudo_client, topics)
    secret = endpoint.secret
    response = sudo_client.post(
        location,
        {
            "name": "サイネージ",
            "url": "https://signage.example.jp/in",
            "topics": [topics["safety"].pk, topics["emergency"].pk],
        },
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.name == "サイネージ" and endpoint.secret == secret
    assert set(endpoint.topics.values_list("code", flat=True)) == {"safety", "emergency"}
    changed = AuditRecord.objects.get(verb="notifications.webhook.changed")
    assert changed.data["fields"] == ["name", "topics", "url"]

    sudo_client.post(f"/staff/notifications/webhooks/{endpoint.pk}/active/", {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "無効（送信しません）" in sudo_client.get(location).content.decode()
    assert AuditRecord.objects.filter(verb="notifications.webhook.deactivated").count() == 1


@pytest.mark.parametrize(
    ("url", "allow_loopback", "accepted"),
    [
        ("http://127.0.0.1:8080/hook", False, False),
        ("http://localhost:8080/hook", True, True),
        ("http://bridge.example.jp/hook", True, False),
        ("https://user:pass@bridge.example.jp/hook", False, False),
        ("ftp://bridge.example.jp/hook", False, False),
        ("https://bridge.example.jp/hook", False, True),
    ],
)
def test_webhook_urls_must_be_https(sudo_client, topics, settings, url, allow_loopback, accepted):
    settings.DEBUG = False
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_HTTP_LOOPBACK = allow_loopback
    response = sudo_client.post(
        "/staff/notifications/webhooks/new/",
        {"name": "bridge", "url": url, "topics": [topics["safety"].pk]},
    )
    if accepted:
        assert response.status_code == 302
        assert WebhookEndpoint.objects.get().url == url
        return
    assert response.status_code == 400
    page = response.content.decode()
    assert _field_error(page, "url").strip()
    assert f'value="{escape(url)}"' in page and 'value="bridge"' in page
    assert not WebhookEndpoint.objects.exists()


def test_send_test_reaches_a_real_server_and_the_page_shows_its_status(
    sudo_client, topics, receiver, settings
):
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_HTTP_LOOPBACK = True
    url, received, status = receiver
    endpoint, location = _create_endpoint(sudo_client, topics, url=url)

    response = sudo_client.post(f"/staff/notifications/webhooks/{endpoint.pk}/test/", follow=True)
    assert response.status_code == 200
    assert "テスト送信しました。送信先の応答: HTTP 200" in response.content.decode()
    assert len(received) == 1
    request = received[0]
    document = json.loads(request["body"])
    assert document["test"] is True and document["topic"] == "safety"
    assert set(document["texts"]) == {"ja", "en"}
    assert verify(
        endpoint.secret,
        request["headers"]["X-Kuyakusho-Timestamp"],
        request["body"],
        request["headers"]["X-Kuyakusho-Signature"],
    )

    status["code"] = 500
    response = sudo_client.post(f"/staff/notifications/webhooks/{endpoint.pk}/test/", follow=True)
    assert "送信先の応答: HTTP 500" in response.content.decode()
    statuses = list(
        AuditRecord.objects.filter(verb="notifications.webhook.tested")
        .order_by("sequence")
        .values_list("data", flat=True)
    )
    assert [s["status"] for s in statuses] == [200, 500]


def test_send_test_to_nobody_listening_shows_the_error(sudo_client, topics, settings):
    from ..conftest import free_port

    settings.NOTIFICATIONS_WEBHOOK_ALLOW_HTTP_LOOPBACK = True
    endpoint, _location = _create_endpoint(
        sudo_client, topics, url=f"http://127.0.0.1:{free_port()}/hook"
    )
    response = sudo_client.post(f"/staff/notifications/webhooks/{endpoint.pk}/test/", follow=True)
    assert response.status_code == 200
    assert "テスト送信できませんでした（URLError）" in response.content.decode()
