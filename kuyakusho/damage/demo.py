"""Sample damage reports for the demo (all 訓練 and サンプル): reports from two sample shelters
and from the field by the 防災計画課 demo account (shelters' HQ account), a hearsay report and
three residents' reports, two of them still 未確認 (with a sample contact) and one verified, so
that the public page, the map and the HQ's screen, totals and timeline all have something to
show. Every report is filed through the services (audited). Idempotent; when the demo switches
to another ward the sample reports are filed anew around that ward's shelters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from kuyakusho.core.models import WardProfile
from kuyakusho.shelters import selectors as shelter_selectors

from . import services
from .kinds import Kind, Response, Severity, Status
from .models import DamageReport

HQ_EMAIL = "shelter-hq@example.jp"  # shelters' demo account of 防災計画課


@dataclass(frozen=True)
class Sample:
    shelter: str  # the sample shelter it is near (or filed from, when from_shelter)
    offset: tuple[float, float]  # (north, east) in degrees from that shelter
    kind: str
    severity: str
    description: str
    who: str  # "shelter", "staff", "hearsay" or "resident"
    lifeline: str = ""
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # dead, injured, missing, needs rescue
    minutes_ago: int = 30
    verify: bool = False
    response: str = ""
    contact: tuple[str, str] = ("", "")


SAMPLES = [
    Sample("サンプル第一小学校", (0.0, 0.0), Kind.BUILDING_COLLAPSE, Severity.MODERATE,
           "体育館の天井の一部が落ちた。避難者は校舎に移した。（サンプル）", "shelter",
           counts=(0, 2, 0, 0), minutes_ago=95, response=Response.IN_PROGRESS),
    Sample("サンプル第二小学校", (0.0021, -0.0015), Kind.ROAD_CUT, Severity.SERIOUS,
           "ブロック塀が倒れて道路をふさいでいる。車は通れない。（サンプル）", "staff",
           minutes_ago=80),
    Sample("サンプル中央公園", (-0.0018, 0.0024), Kind.FIRE, Severity.CRITICAL,
           "木造住宅から出火、隣の家に燃え移りそう。（サンプル）", "staff",
           counts=(0, 1, 0, 2), minutes_ago=60, response=Response.IN_PROGRESS),
    Sample("サンプル第三小学校", (0.0012, 0.0019), Kind.FLOODING, Severity.MINOR,
           "交差点が冠水していると通行人から聞いた。（サンプル）", "hearsay", minutes_ago=40),
    Sample("サンプル第一中学校", (-0.0016, -0.0011), Kind.LIFELINE, Severity.MODERATE,
           "このあたり一帯で水が出ない。（サンプル）", "resident", lifeline="water",
           minutes_ago=35, contact=("練馬 太郎（サンプル）", "090-0000-0001")),
    Sample("サンプル第二中学校", (0.0014, 0.0009), Kind.BUILDING_COLLAPSE, Severity.SERIOUS,
           "古いアパートが傾いている。中に人がいるかわからない。（サンプル）", "resident",
           minutes_ago=20, contact=("", "080-0000-0002")),
    Sample("サンプル防災センター", (-0.0010, 0.0016), Kind.OTHER, Severity.MINOR,
           "歩道の街路樹が倒れている。（サンプル）", "resident", minutes_ago=50, verify=True),
    Sample("サンプル第一小学校", (0.0009, 0.0030), Kind.LIFELINE, Severity.MINOR,
           "避難所周辺で停電。（サンプル）", "shelter", lifeline="electricity", minutes_ago=110,
           response=Response.DONE),
]  # fmt: skip


def load(ward: WardProfile) -> None:
    from kuyakusho.accounts.models import User

    hq = User.objects.filter(email=HQ_EMAIL).first()
    if hq is None:
        return
    existing = DamageReport.objects.filter(is_sample=True)
    if existing.exists():
        if all(ward.contains(r.lat, r.lon) for r in existing):
            return
        existing.delete()  # the demo moved to another ward: file them anew there
    shelters = {s.name_ja: s for s in shelter_selectors.active().filter(is_sample=True)}
    now = timezone.now()
    for sample in SAMPLES:
        shelter = shelters.get(sample.shelter)
        if shelter is not None:
            _file(hq, sample, shelter, now)


def _file(hq: Any, sample: Sample, shelter: Any, now: Any) -> None:
    data = services.ReportInput(
        kind=sample.kind,
        lifeline=sample.lifeline,
        severity=sample.severity,
        lat=round(shelter.lat + sample.offset[0], 6),
        lon=round(shelter.lon + sample.offset[1], 6),
        description=sample.description,
        dead=sample.counts[0],
        injured=sample.counts[1],
        missing=sample.counts[2],
        needs_rescue=sample.counts[3],
        observed_at=now - timedelta(minutes=sample.minutes_ago + 5),
        is_exercise=True,
        hearsay=sample.who == "hearsay",
        shelter_id=shelter.pk if sample.who == "shelter" else None,
        contact_name=sample.contact[0],
        contact_phone=sample.contact[1],
    )
    if sample.who == "resident":
        report = services.file_resident_report(data)
    else:
        report = services.file_staff_report(hq, data)
    DamageReport.objects.filter(pk=report.pk).update(is_sample=True)
    if sample.verify and report.status == Status.UNVERIFIED:
        report = services.review(hq, report, status=Status.VERIFIED, note="デモ（サンプル）")
    if sample.response:
        services.set_response(hq, report, response=sample.response, note="デモ（サンプル）")
