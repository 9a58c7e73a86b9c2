"""Filing reports through the services: who may file, what is trusted on entry, where a report
is placed, and what unusual or wrong input gets (a question, or a refusal naming the field,
with nothing stored)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kuyakusho.core.models import AuditRecord
from kuyakusho.damage import services
from kuyakusho.damage.models import DamageReport, ReportEvent, ResidentContact
from kuyakusho.damage.validation import ReportQuestioned

from .conftest import EAST, WEST, report_input


def test_a_staff_report_is_trusted_and_placed_in_its_area(road_staff, areas):
    report = services.file_staff_report(road_staff.user, report_input(lat=WEST[0], lon=WEST[1]))
    assert report.status == "verified" and report.verified_at is not None
    assert report.source == "staff" and report.reported_by == road_staff.user
    assert report.area == areas["west"]
    assert report.events.get().action == ReportEvent.Action.FILED


def test_hearsay_from_staff_waits_for_the_hq(road_staff, areas):
    report = services.file_staff_report(road_staff.user, report_input(hearsay=True))
    assert report.status == "unverified" and report.hearsay
    assert report.area == areas["east"]


def test_a_point_in_no_area_polygon_has_no_area(road_staff, ward):
    report = services.file_staff_report(road_staff.user, report_input())
    assert report.area is None


def test_shelter_staff_file_from_their_shelter(site_staff, school):
    report = services.file_staff_report(site_staff.user, report_input(shelter_id=school.pk))
    assert report.source == "shelter" and report.shelter == school


def test_staff_of_another_department_cannot_file_for_that_shelter(road_staff, school):
    with pytest.raises(PermissionDenied):
        services.file_staff_report(road_staff.user, report_input(shelter_id=school.pk))
    assert not DamageReport.objects.exists()


def test_residents_cannot_use_the_staff_service(resident):
    with pytest.raises(PermissionDenied):
        services.file_staff_report(resident.user, report_input())


def test_a_resident_report_is_unverified_and_keeps_the_contact_apart(ward):
    report = services.file_resident_report(
        report_input(contact_name="練馬 花子", contact_phone="090-1234-5678",
                     contact_email="hanako@example.jp", hearsay=True)
    )  # fmt: skip
    assert report.status == "unverified" and report.source == "resident" and not report.hearsay
    contact = ResidentContact.objects.get(report=report)
    assert (contact.name, contact.phone) == ("練馬 花子", "090-1234-5678")
    record = AuditRecord.objects.get(verb="damage.report.filed")
    text = str(record.data)
    assert "花子" not in text and "090" not in text and "塀" not in text
    assert record.data["with_contact"] is True and record.actor_label == "system"


def test_outside_the_ward_is_questioned_then_kept_once_confirmed(road_staff, ward):
    data = report_input(lat=35.79, lon=139.60)  # 1 km north of the ward's bounds
    with pytest.raises(ReportQuestioned) as asked:
        services.file_staff_report(road_staff.user, data)
    assert "区域の外" in asked.value.questions[0]
    assert not DamageReport.objects.exists()
    data.confirmed_key = asked.value.key
    report = services.file_staff_report(road_staff.user, data)
    assert report.outside_ward


def test_far_outside_the_ward_is_refused(road_staff, ward):
    with pytest.raises(ValidationError) as refused:
        services.file_staff_report(road_staff.user, report_input(lat=34.70, lon=135.50))
    assert "離れすぎています" in refused.value.message_dict["lat"][0]
    assert not DamageReport.objects.exists()


def test_many_people_are_questioned_and_the_confirmation_holds_for_those_numbers(road_staff, ward):
    data = report_input(needs_rescue=80)
    with pytest.raises(ReportQuestioned) as asked:
        services.file_staff_report(road_staff.user, data)
    data.confirmed_key = asked.value.key
    data.needs_rescue = 90  # changed after confirming: asked again
    with pytest.raises(ReportQuestioned):
        services.file_staff_report(road_staff.user, data)
    data.needs_rescue = 80
    report = services.file_staff_report(road_staff.user, data)
    assert report.needs_rescue == 80 and report.numbers_confirmed


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"dead": -1}, "dead", "0以上の整数"),
        ({"injured": "たくさん"}, "injured", "0以上の整数"),
        ({"missing": 10**9}, "missing", "多すぎます"),
        ({"kind": "meteor"}, "kind", "被害の種類を選んでください"),
        ({"severity": "apocalyptic"}, "severity", "被害の程度を選んでください"),
        ({"kind": "lifeline"}, "lifeline", "ライフラインの種類"),
        ({"lifeline": "gas"}, "lifeline", "「ライフライン」のときだけ"),
        ({"lat": "北緯35度"}, "lat", "緯度は数値で入力してください"),
        ({"lon": "nan"}, "lon", "経度は数値で入力してください"),
        ({"address": "一行目\n二行目"}, "address", "改行"),
        ({"description": "x" * 2001}, "description", "2000文字以内"),
        ({"contact_phone": "12345"}, "contact_phone", "電話番号"),
        ({"contact_email": "not-an-address"}, "contact_email", "メールアドレスの形式"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    ward, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.file_resident_report(report_input(**overrides))
    assert message in " ".join(refused.value.message_dict[field])
    assert not DamageReport.objects.exists()


def test_an_observation_in_the_future_is_refused(road_staff, ward):
    from datetime import timedelta

    from django.utils import timezone

    with pytest.raises(ValidationError) as refused:
        services.file_staff_report(
            road_staff.user, report_input(observed_at=timezone.now() + timedelta(hours=2))
        )
    assert "未来" in refused.value.message_dict["observed_at"][0]


def test_full_width_digits_are_read_as_numbers(road_staff, ward):
    report = services.file_staff_report(
        road_staff.user, report_input(injured="３", lat="３５．７４")
    )
    assert report.injured == 3 and report.lat == pytest.approx(35.74)
    assert EAST[1] == report.lon
