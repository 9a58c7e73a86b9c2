"""JMA earthquake messages acting on the platform: a 震度5強 message for the ward (from the
drop folder or the feed) starts staff safety confirmation once and prepares an earthquake alert
for approval; staff reply through their links and the department totals add up. Messages below
the threshold, exercises, cancellations, duplicates and broken files start nothing and block
nothing."""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client

from kuyakusho.disaster import jma_trigger, services
from kuyakusho.disaster.models import Alert, AlertState, JmaMessage
from kuyakusho.staff_safety import selectors as safety
from kuyakusho.staff_safety.models import Round

from ..staff_safety.conftest import answer, link_for, run_worker

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "jma_samples"
NERIMA_5_UPPER = "20250612053512_0_VXSE53_010000.xml"  # 練馬区 (1312000) 5強
FLASH_23_WARDS = "20250612053210_0_VXSE51_010000.xml"  # 震度速報: 東京都２３区 5強, no cities
NERIMA_4 = "20250903232012_0_VXSE53_010000.xml"
CANCELLATION = "20250612054020_0_VXSE53_010000.xml"
OUTCOME = JmaMessage.Outcome


@pytest.fixture
def drop(settings, tmp_path) -> Path:
    folder = tmp_path / "jma-drop"
    folder.mkdir()
    settings.DISASTER_JMA_DROP_DIR = folder
    return folder


def _put(folder: Path, *names: str) -> None:
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
        (folder / name).touch()
    # The folder skips files younger than a second (still being written): age them.
    import os
    import time

    for name in names:
        old = time.time() - 5
        os.utime(folder / name, (old, old))


def _scan(capture) -> int:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        handled = jma_trigger.scan_drop_folder()
    run_worker()  # the safety messages go out from the queue
    return handled


def test_a_5_upper_message_starts_safety_confirmation_and_the_totals_add_up(
    office, drop, crisis_approver, django_capture_on_commit_callbacks
):
    _put(drop, NERIMA_5_UPPER)
    assert _scan(django_capture_on_commit_callbacks) == 1
    record = JmaMessage.objects.get()
    assert (record.outcome, record.intensity_here, record.event_id) == (
        OUTCOME.TRIGGERED,
        "5+",
        record.event_id,
    )
    assert (drop / "processed" / NERIMA_5_UPPER).exists()
    round_ = Round.objects.get()
    assert round_.trigger_key == f"jma:{record.event_id}" and not round_.is_drill
    assert "震度5強" in round_.title

    # Staff answer through the links in their mail, without signing in.
    replies = {
        "crisis.staff@example.jp": {"status": "safe", "attendance": "now"},
        "road.staff@example.jp": {"status": "injured", "attendance": "cannot"},
        "both@example.jp": {
            "status": "family_affected",
            "attendance": "within_hours",
            "attendance_hours": "3",
        },
    }
    for email, fields in replies.items():
        response = answer(Client(), link_for(email, round_), **fields)
        assert response.status_code in (200, 302), response.content[:300]
    overall = safety.overall_totals(round_)
    by_department = {row.department.code: row.totals for row in safety.department_totals(round_)}
    assert overall.responded == 3 and overall.staff == len(round_.recipients.all())
    assert (overall.safe, overall.injured, overall.family_affected) == (1, 1, 1)
    assert (overall.now, overall.within_hours, overall.cannot) == (1, 1, 1)
    # The person in 道路課 and 公園緑地課 counts in both rows; each row adds up on its own.
    assert by_department["road"].responded == 2 and by_department["parks"].responded == 1
    for totals in [overall, *by_department.values()]:
        assert totals.safe + totals.injured + totals.family_affected == totals.responded
        assert totals.now + totals.within_hours + totals.cannot == totals.responded
        assert totals.responded + totals.not_responded == totals.staff

    # An earthquake alert waits for a person's approval; anyone in crisis management may give it.
    alert = Alert.objects.get(source_key=f"jma:{record.event_id}")
    assert alert.state == AlertState.PENDING_APPROVAL and alert.created_by is None
    assert "5強" in alert.texts.get(language="ja").description
    assert services.approve(crisis_approver.user, alert).state == AlertState.PUBLISHED


def test_the_same_earthquake_reported_twice_starts_one_round_and_one_draft(
    office, drop, settings, django_capture_on_commit_callbacks
):
    policy = services.policy()
    policy.jma_area_codes = "1312000,350"  # the city, and 東京都２３区 for the first flash
    policy.save()
    _put(drop, FLASH_23_WARDS, NERIMA_5_UPPER)
    assert _scan(django_capture_on_commit_callbacks) == 2
    assert Round.objects.count() == 1
    assert Alert.objects.filter(source_key__startswith="jma:").count() == 1
    # The same file dropped again is recognised by its content.
    _put(drop, NERIMA_5_UPPER)
    assert _scan(django_capture_on_commit_callbacks) == 0
    assert JmaMessage.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        (NERIMA_4, OUTCOME.BELOW),
        ("exercise_VXSE53.xml", OUTCOME.NOT_NORMAL),
        (CANCELLATION, OUTCOME.CANCELLED),
        ("20250612053300_0_VXSE52_010000.xml", OUTCOME.IGNORED),
    ],
)
def test_messages_that_must_not_start_anything(
    office, drop, django_capture_on_commit_callbacks, name, outcome
):
    _put(drop, name)
    assert _scan(django_capture_on_commit_callbacks) == 1
    assert JmaMessage.objects.get().outcome == outcome
    assert not Round.objects.exists() and not Alert.objects.exists()


def test_broken_files_are_set_aside_and_the_next_message_still_counts(
    office, drop, django_capture_on_commit_callbacks, caplog
):
    _put(drop, "malformed_truncated.xml", "xml_bomb.xml", "external_entity.xml", NERIMA_5_UPPER)
    assert _scan(django_capture_on_commit_callbacks) == 4
    rejected = sorted(p.name for p in (drop / "rejected").iterdir())
    assert rejected == ["external_entity.xml", "malformed_truncated.xml", "xml_bomb.xml"]
    assert Round.objects.count() == 1
    assert "root:" not in caplog.text  # nothing of /etc/passwd was read or logged


def test_the_feed_is_read_over_http_and_each_entry_handled_once(
    office, settings, django_capture_on_commit_callbacks, tmp_path
):
    served = tmp_path / "served"
    shutil.copytree(SAMPLES, served)
    handler = partial(SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    feed = (served / "feed_eqvol.xml").read_text(encoding="utf-8")
    # The sample feed points at JMA's server: point its links at this one.
    import re

    feed = re.sub(
        r'href="https?://[^"]*/([^/"]+\.xml)"', lambda m: f'href="{base}{m.group(1)}"', feed
    )
    (served / "feed_eqvol.xml").write_text(feed, encoding="utf-8")
    policy = services.policy()
    policy.jma_feed_url = base + "feed_eqvol.xml"
    policy.save()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = jma_trigger.poll_feed()
        with django_capture_on_commit_callbacks(execute=True):
            again = jma_trigger.poll_feed()
    finally:
        server.shutdown()
    assert first >= 2 and again == 0
    assert Round.objects.count() == 1
    assert JmaMessage.objects.filter(outcome=OUTCOME.TRIGGERED).count() == 1
