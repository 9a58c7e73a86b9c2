"""Live totals by department and overall, and the issue's "done when": an automatic start
(what the disaster domain does for a JMA 震度5強 message), replies through the links, and
department totals that add up (a person in two departments counts in both, once overall).
The CSV export is audited with its purpose."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.staff_safety import selectors, services

from .conftest import answer, link_for, start

pytestmark = pytest.mark.django_db


def check_adds_up(t) -> None:  # type: ignore[no-untyped-def]
    assert t.responded == t.safe + t.injured + t.family_affected
    assert t.responded == t.now + t.within_hours + t.cannot
    assert t.staff == t.responded + t.not_responded
    assert t.able_to_come == t.now + t.within_hours


@pytest.fixture
def answered(office, django_capture_on_commit_callbacks):
    """A round started automatically for a JMA message, with four of five staff answering."""
    round_ = start(
        django_capture_on_commit_callbacks,
        title="震度5強 東京都２３区西部（練馬区）",
        trigger_key="jma:20260315143000",
    )
    answer(Client(), link_for("road.staff@example.jp", round_), status="safe", attendance="now")
    answer(
        Client(),
        link_for("both@example.jp", round_),
        status="injured",
        attendance="within_hours",
        attendance_hours="2",
    )
    answer(
        Client(),
        link_for("parks@example.jp", round_),
        status="family_affected",
        attendance="cannot",
    )
    answer(
        Client(),
        link_for("crisis.staff@example.jp", round_),
        status="safe",
        attendance="within_hours",
        attendance_hours="12",
    )
    return round_


def test_totals_add_up_overall_and_per_department(answered):
    overall = selectors.overall_totals(answered)
    assert (overall.staff, overall.responded, overall.not_responded) == (5, 4, 1)
    assert (overall.safe, overall.injured, overall.family_affected) == (2, 1, 1)
    assert (overall.now, overall.within_hours, overall.cannot) == (1, 2, 1)
    assert overall.response_rate == 80.0 and overall.able_to_come == 3
    check_adds_up(overall)

    rows = {row.department.code: row.totals for row in selectors.department_totals(answered)}
    assert set(rows) == {"disaster", "road", "childcare", "parks"}
    for totals in rows.values():
        check_adds_up(totals)
    # road: road.staff (safe, now) and both (injured, 2 h); parks: both and parks.
    assert (rows["road"].staff, rows["road"].responded, rows["road"].injured) == (2, 2, 1)
    assert (rows["parks"].staff, rows["parks"].family_affected, rows["parks"].cannot) == (2, 1, 1)
    assert (rows["childcare"].staff, rows["childcare"].responded) == (1, 0)
    assert rows["childcare"].response_rate == 0.0
    # The person in two departments counts in both rows, once overall.
    assert sum(t.staff for t in rows.values()) == overall.staff + 1
    assert sum(t.responded for t in rows.values()) == overall.responded + 1


def test_coming_within_counts_cumulatively(answered):
    assert dict(selectors.coming_within(answered)) == {1: 1, 3: 2, 6: 2, 12: 3, 24: 3}


def test_the_dashboard_shows_the_totals_and_a_plain_refresh_link(answered, crisis_client):
    html = crisis_client.get(f"/staff/safety/rounds/{answered.pk}/").content.decode()
    assert "回答 4人 / 5人（回答率 80.0%）" in html
    assert "参集できる職員 3人" in html
    assert f'href="/staff/safety/rounds/{answered.pk}/">最新の情報に更新</a>' in html
    assert 'http-equiv="refresh"' not in html  # no forced reload; a script toggle is optional
    assert "（自動）" in html
    response = crisis_client.get(f"/staff/safety/rounds/{answered.pk}/")
    assert "no-cache" in response["Cache-Control"]
    listing = crisis_client.get("/staff/safety/").content.decode()
    assert "80.0%" in listing


def test_a_change_of_answer_moves_the_person_between_the_counts(answered):
    answer(Client(), link_for("parks@example.jp", answered), status="safe", attendance="now")
    overall = selectors.overall_totals(answered)
    assert (overall.safe, overall.family_affected, overall.now, overall.cannot) == (3, 0, 2, 0)
    assert overall.responded == 4
    check_adds_up(overall)


def test_csv_export_needs_a_purpose_and_is_audited(answered, crisis_client, crisis_staff):
    url = f"/staff/safety/rounds/{answered.pk}/export/"
    response = crisis_client.post(url, {"purpose": ""})
    assert response.status_code == 400
    assert "出力の目的を入力してください。" in response.content.decode()
    assert not AuditRecord.objects.filter(verb="staff_safety.replies.exported").exists()

    response = crisis_client.post(url, {"purpose": "災害対策本部への報告"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "所属" and len(rows) == 6
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["both@example.jp"][0] == "道路課 / 公園緑地課"
    assert by_email["both@example.jp"][3] == "負傷" and by_email["both@example.jp"][5] == "2"
    assert by_email["childcare.staff@example.jp"][3] == "未回答"
    record = AuditRecord.objects.get(verb="staff_safety.replies.exported")
    assert record.data == {"purpose": "災害対策本部への報告", "rows": 5}
    assert record.actor_id == crisis_staff.user.pk


def test_formulas_in_free_text_are_neutralised_in_the_csv(answered, crisis_staff):
    answer(Client(), link_for("parks@example.jp", answered), location="=HYPERLINK(1)", note="@SUM")
    rows = services.export_replies(crisis_staff.user, answered, purpose="確認")
    parks = next(row for row in rows if row[1] == "parks@example.jp")
    assert parks[6] == "'=HYPERLINK(1)" and parks[7] == "'@SUM"


def test_only_crisis_management_exports(answered, road_client):
    url = f"/staff/safety/rounds/{answered.pk}/export/"
    assert road_client.post(url, {"purpose": "見たい"}).status_code == 403
    assert not AuditRecord.objects.filter(verb="staff_safety.replies.exported").exists()
