"""Finding events: the list and the month calendar with the same filters (date range, area,
category, free/paid), refusals that explain themselves, the Atom feed, the JSON API, and the
demo data."""

from __future__ import annotations

import json
from datetime import time, timedelta
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.utils import timezone

from kuyakusho.events.models import Event

from .conftest import department_event, future

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(lifelong_staff, lifelong, categories, areas):
    """Four events: free culture in the north, paid learning in the south, a three-day
    exhibition, and one far ahead."""
    make = lambda category, **extra: department_event(  # noqa: E731
        lifelong_staff, lifelong, categories[category], **extra
    )
    return {
        "concert": make("culture", title="北のコンサート", area=areas["north"], start_date=future(3)),
        "course": make(
            "learning", title="南の講座", area=areas["south"], start_date=future(5),
            is_free=False, fee="500円",
        ),
        "exhibition": make(
            "culture", title="作品展", all_day=True, start_time=None, end_time=None,
            start_date=future(7), end_date=future(9),
        ),
        "later": make("learning", title="ずっと先の講座", start_date=future(200)),
    }  # fmt: skip


def titles(response) -> list[str]:
    body = response.content.decode()
    return [
        title
        for title in ("北のコンサート", "南の講座", "作品展", "ずっと先の講座")
        if title in body
    ]


def test_the_list_filters_by_area_category_fee_and_dates(client, spread):
    assert titles(client.get("/events/")) == [
        "北のコンサート",
        "南の講座",
        "作品展",
        "ずっと先の講座",
    ]
    assert titles(client.get("/events/?area=north")) == ["北のコンサート"]
    assert titles(client.get("/events/?category=learning")) == ["南の講座", "ずっと先の講座"]
    assert titles(client.get("/events/?fee=paid")) == ["南の講座"]
    assert titles(client.get("/events/?fee=free&category=culture")) == ["北のコンサート", "作品展"]
    # The exhibition runs days 7–9: a range touching any of its days finds it.
    day8 = future(8).isoformat()
    assert titles(client.get(f"/events/?date_from={day8}&date_to={day8}")) == ["作品展"]
    assert titles(client.get(f"/events/?date_to={future(4).isoformat()}")) == ["北のコンサート"]


def test_past_events_leave_the_default_list(client, spread):
    Event.objects.filter(pk=spread["concert"].pk).update(
        start_date=timezone.localdate() - timedelta(days=3),
        end_date=timezone.localdate() - timedelta(days=3),
    )
    assert "北のコンサート" not in titles(client.get("/events/"))
    past = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert "北のコンサート" in titles(client.get(f"/events/?date_from={past}"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2026-02-30", "日付を正しく入力してください"),
        ("date_from=2030-05-10&date_to=2030-05-01", "始まりの日と同じか後に"),
        ("category=no-such-thing", "正しく選択してください"),
        ("fee=%3Cscript%3E", "正しく選択してください"),
    ],
)
def test_bad_filters_are_explained_and_kept(client, spread, query, message):
    response = client.get(f"/events/?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'id="error-summary"' in body
    assert "<script>" not in body


def test_the_month_calendar_places_events_on_their_days(client, spread):
    start = spread["exhibition"].start_date
    response = client.get(f"/events/calendar/?month={start:%Y-%m}&category=culture")
    body = response.content.decode()
    assert response.status_code == 200
    assert "南の講座" not in body  # the category filter applies
    cells = body.split('<time datetime="')
    days_with_exhibition = [c[:10] for c in cells[1:] if "作品展" in c.split("</td>")[0]]
    expected = [(start + timedelta(days=n)).isoformat() for n in range(3)]
    assert [d for d in expected if d[:7] == f"{start:%Y-%m}"] == [
        d for d in days_with_exhibition if d[:7] == f"{start:%Y-%m}"
    ]
    assert "?month=" in body and "category=culture" in body  # month links keep the filters


def test_a_bad_month_shows_this_month_with_a_message(client):
    response = client.get("/events/calendar/?month=2026-13")
    assert response.status_code == 400
    body = response.content.decode()
    assert "月の指定が読み取れない" in body
    this_month = timezone.localdate()
    assert f"<caption>{this_month.year}年{this_month.month}月</caption>" in body


def test_the_atom_feed_lists_upcoming_events(client, spread):
    response = client.get("/events/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own XML
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry_titles = {e.findtext("atom:title", namespaces=ns) for e in root.findall("atom:entry", ns)}
    assert entry_titles == {"北のコンサート", "南の講座", "作品展", "ずっと先の講座"}


def test_api_lists_with_filters_and_returns_one_event(client, spread):
    data = client.get("/api/v1/events?category=culture&fee=free").json()
    assert data["count"] == 2
    assert [e["title"] for e in data["items"]] == ["北のコンサート", "作品展"]
    exhibition = data["items"][1]
    assert exhibition["all_day"] is True and exhibition["start"] is None
    one = client.get(f"/api/v1/events/{spread['course'].pk}").json()
    assert one["free"] is False and one["fee"] == "500円"
    assert one["organiser"] == {"kind": "department", "name": "生涯学習課", "url": None}
    assert one["start"].endswith("+09:00")
    assert client.get("/api/v1/events/999999").status_code == 404
    assert client.get("/api/v1/events?area=nowhere").status_code == 422
    assert client.get("/api/v1/events?date_from=2030-01-02&date_to=2030-01-01").status_code == 422
    assert client.get("/api/v1/events?date_from=yesterday").status_code == 422
    codes = [c["code"] for c in client.get("/api/v1/events/categories").json()]
    assert codes == ["culture", "family", "learning"]  # sort order, then code


def test_openapi_documents_the_events_api(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/events/categories"} <= set(
        schema["paths"]
    )


def test_the_detail_page_shows_what_a_resident_needs(client, lifelong_staff, lifelong, categories):
    event = department_event(
        lifelong_staff, lifelong, categories["learning"], title="スマホ講座",
        start_time=time(18, 30), end_time=time(20, 0), signup_required=True, capacity=3,
        lat=35.7356, lon=139.6516, venue_address="練馬1-1-1",
    )  # fmt: skip
    body = client.get(f"/events/{event.pk}/").content.decode()
    assert "18:30" in body and "20:00" in body
    assert "残り3人分の空きがあります" in body
    assert "ログインして申し込む" in body
    assert f"/events/{event.pk}.ics" in body
    assert "35.73560" in body  # the map's table twin lists the venue


def test_event_form_keeps_what_was_typed_and_names_the_wrong_field(
    lifelong_client, lifelong, categories
):
    from .conftest import form_data

    response = lifelong_client.post(
        "/staff/events/new/",
        {
            **form_data(categories["learning"]),
            "department": lifelong.pk,
            "title": "夜の講座",
            "start_time": "18:00",
            "end_time": "17:00",
            "lat": "35.0",
            "lon": "139.0",
            "is_free": "0",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "終了時刻は開始時刻より後にしてください" in body
    assert "区域の外です" in body
    assert "有料の場合は参加費を入力してください" in body
    assert 'value="夜の講座"' in body and 'value="18:00"' in body
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = lifelong_client.post(
        "/staff/events/new/",
        {**form_data(categories["learning"]), "department": lifelong.pk, "start_date": past},
    )
    assert "開始日は今日以降の日付にしてください" in response.content.decode()
    assert not Event.objects.exists()


def test_demo_loads_about_twenty_sample_events_and_twice_changes_nothing():
    call_command("loaddemo", ward="suginami", verbosity=0)
    events = Event.objects.all()
    assert 18 <= events.filter(status="published").count() <= 25
    assert all(e.title.startswith("【サンプル】") for e in events)
    today = timezone.localdate()
    assert all(today < e.start_date <= today + timedelta(days=62) for e in events)
    assert events.filter(signup_required=True, capacity__lte=3).exists()
    from kuyakusho.core.models import WardProfile

    ward = WardProfile.objects.get(slug="suginami")
    assert all(ward.contains(e.lat, e.lon) for e in events)
    before = (Event.objects.count(), Event.objects.order_by("-pk").first().pk)
    call_command("loaddemo", ward="suginami", verbosity=0)
    assert (Event.objects.count(), Event.objects.order_by("-pk").first().pk) == before
