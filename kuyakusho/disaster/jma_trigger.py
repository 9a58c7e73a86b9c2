"""What the platform does with JMA earthquake messages: each message (from the configured Atom
feed or from the drop folder) is recorded once; when the ward's area reaches the configured
intensity, staff safety confirmation starts by itself and an earthquake alert is prepared for
a person to approve. Parsing is jma.py; fetching and the folder are jma_feed.py.

Bad input never stops anything: a malformed or unexpected message is logged, recorded as
rejected (without its content) and skipped; the next one is handled as usual.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department
from kuyakusho.core.services import active_ward

from . import jma, jma_feed, services
from .models import Alert, AlertState, JmaMessage

logger = logging.getLogger(__name__)
FETCH_TIMEOUT_SECONDS = 10.0
FEED_ENTRIES_READ = 30  # the newest entries of the feed looked at per poll


def area_codes() -> list[str]:
    """The JMA codes that stand for the ward: configured, else its 市町村等 code."""
    configured = [c.strip() for c in services.policy().jma_area_codes.split(",") if c.strip()]
    if configured:
        return configured
    ward = active_ward()
    return [jma.city_code(ward.municipality_code)] if ward else []


def threshold() -> str:
    try:
        return jma.parse_intensity_setting(services.policy().jma_threshold)
    except ValueError:
        return jma.DEFAULT_THRESHOLD


def _record(digest: str, source: str, reference: str, **fields: Any) -> JmaMessage | None:
    """Record a message once; None when the same bytes were handled before."""
    try:
        with transaction.atomic():
            return JmaMessage.objects.create(
                digest=digest, source=source, reference=reference[:500], **fields
            )
    except IntegrityError:
        return None


def handle_message(data: bytes, *, source: str, reference: str) -> JmaMessage | None:
    """Parse, record and act on one message. Returns the record, or None for a duplicate."""
    digest = hashlib.sha256(data).hexdigest()
    if JmaMessage.objects.filter(digest=digest).exists():
        return None
    outcomes = JmaMessage.Outcome
    try:
        report = jma.parse_report(data)
    except jma.NotIntensityReportError as error:
        return _record(
            digest, source, reference, outcome=outcomes.IGNORED, control_title=error.control_title
        )
    except jma.JmaFormatError as error:
        logger.warning("JMA message %s from %s refused: %s", reference[:80], source, error)
        return _record(
            digest, source, reference, outcome=outcomes.REJECTED, reason=str(error)[:200]
        )
    here = jma.highest_intensity_for(report, area_codes()) or ""
    common = {
        "control_title": report.control_title[:60],
        "event_id": report.event_id[:40],
        "intensity_here": here,
    }
    if not report.is_normal:
        outcome = outcomes.NOT_NORMAL
    elif report.is_cancellation:
        outcome = outcomes.CANCELLED
    elif jma.reaches(here or None, threshold()):
        outcome = outcomes.TRIGGERED
    else:
        outcome = outcomes.BELOW
    record = _record(digest, source, reference, outcome=outcome, **common)
    if record is not None and outcome == outcomes.TRIGGERED:
        _start_response(report, here)
    return record


def _start_response(report: jma.EarthquakeReport, intensity: str) -> None:
    """Staff safety confirmation and an alert draft, once per earthquake (EventID)."""
    from kuyakusho.staff_safety.services import start_confirmation

    key = f"jma:{report.event_id}"
    label = jma.intensity_label(intensity, "ja")
    round_ = start_confirmation(
        None,
        title=f"【地震】震度{label}を観測しました。安否を報告してください",
        drill=False,
        trigger_key=key,
        message=report.headline[:500],
    )
    alert = _prepare_alert(report, intensity, key)
    log_action(
        None,
        "disaster.jma.triggered",
        alert,
        {"event_id": report.event_id, "intensity": intensity, "round": round_.pk},
    )


def _prepare_alert(report: jma.EarthquakeReport, intensity: str, key: str) -> Alert | None:
    """An earthquake alert waiting for approval, its words saying the intensity observed.
    Prepared by no one, so any crisis-management editor may approve it."""
    existing = Alert.objects.filter(source_key=key).first()
    if existing is not None:
        return existing
    department = Department.objects.filter(is_crisis_management=True).order_by("code").first()
    if department is None:
        logger.warning("no crisis-management department: no alert draft for %s", key)
        return None
    data = services.template_input(department, "earthquake", is_exercise=False)
    observed = {language: f"{jma.intensity_label(intensity, language)}" for language in data.texts}
    data.texts = {
        language: (head, _with_intensity(desc, language, observed[language]), instr)
        for language, (head, desc, instr) in data.texts.items()
    }
    data.effective_at = timezone.now().replace(microsecond=0)
    data.expires_at = data.effective_at + timedelta(hours=24)
    with transaction.atomic():
        alert = services.save_draft(None, data)
        Alert.objects.filter(pk=alert.pk).update(state=AlertState.PENDING_APPROVAL, source_key=key)
    alert.refresh_from_db()
    return alert


_OBSERVED = {
    "ja": "（観測された最大震度: {value}）",
    "ja-x-easy": "（いちばん おおきい ゆれ: しんど {value}）",
    "en": " (Highest intensity observed: {value})",
    "zh-hans": "（观测到的最大震度: {value}）",
    "zh-hant": "（觀測到的最大震度: {value}）",
    "ko": " (관측된 최대 진도: {value})",
}


def _with_intensity(description: str, language: str, value: str) -> str:
    return description + _OBSERVED.get(language, _OBSERVED["en"]).format(value=value)


# --- where messages come from ---------------------------------------------------------------


def poll_feed() -> int:
    """Read the configured feed and handle the messages it lists that are new. Returns how many
    messages were handled. A feed or a message that cannot be read is logged and skipped."""
    url = services.policy().jma_feed_url
    if not url:
        return 0
    try:
        entries = jma_feed.parse_feed(
            jma_feed.fetch(url, timeout=FETCH_TIMEOUT_SECONDS, max_bytes=jma_feed.MAX_FEED_BYTES),
            base_url=url,
        )
    except (jma.JmaFormatError, jma_feed.JmaFetchError) as error:
        logger.warning("JMA feed could not be read: %s", error)
        return 0
    wanted = [e for e in entries[:FEED_ENTRIES_READ] if e.title in jma.INTENSITY_TITLES]
    seen = set(
        JmaMessage.objects.filter(source="feed", reference__in=[e.id for e in wanted]).values_list(
            "reference", flat=True
        )
    )
    handled = 0
    for entry in reversed(wanted):  # oldest first: a 取消 comes after what it cancels
        if entry.id in seen:
            continue
        try:
            data = jma_feed.fetch(
                entry.url, timeout=FETCH_TIMEOUT_SECONDS, max_bytes=jma.MAX_MESSAGE_BYTES
            )
        except jma_feed.JmaFetchError as error:
            logger.warning("JMA message %s could not be fetched: %s", entry.id[:80], error)
            continue
        if handle_message(data, source="feed", reference=entry.id) is not None:
            handled += 1
    return handled


def scan_drop_folder(folder: Path | None = None) -> int:
    """Handle every message file put into the drop folder, then move it to processed/ or
    rejected/, so that a file is handled once and a bad file never blocks the others."""
    folder = Path(folder or settings.DISASTER_JMA_DROP_DIR)
    if not folder.is_dir():
        return 0
    handled = 0
    for path, data in jma_feed.scan_drop_folder(folder):
        record = handle_message(data, source="file", reference=path.name)
        rejected = record is not None and record.outcome == JmaMessage.Outcome.REJECTED
        jma_feed.archive(path, jma_feed.REJECTED if rejected else jma_feed.PROCESSED)
        handled += record is not None
    return handled
