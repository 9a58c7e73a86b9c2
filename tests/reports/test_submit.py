"""Resident reporting through the web form: with an account, with an e-mail address confirmed
by a link, nearby reports shown first, photos cleaned, and every item of the issue's
"Bad input" list answered clearly with what was typed kept."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.reports.models import Follower, Report

from .conftest import INSIDE, OUTSIDE, file_report, jpeg

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "category": "street-light",
        "attribute_light-state": "out",
        "lat": INSIDE["lat"],
        "lon": INSIDE["lon"],
        "address": "豊玉北6丁目の交差点",
        "description": "街路灯が夜になっても点きません。",
    }
    data.update(overrides)
    return data


def test_the_form_starts_with_the_categories_and_asks_each_ones_questions(client, categories):
    page = client.get("/reports/new/").content.decode()
    for name in ("道路の損傷", "公園の遊具", "街路灯", "不法投棄", "落書き"):
        assert name in page
    form = client.get("/reports/new/?category=street-light").content.decode()
    assert "どのような状態ですか" in form and "消えている" in form
    assert "人の顔や車のナンバープレート" in form  # the reminder before choosing photos


def test_signed_in_resident_reports_a_street_light_with_a_photo_and_follows_it(
    resident_client, resident, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = resident_client.post(
            "/reports/new/", {**_form(), "photos": [jpeg(gps=True)], "show_name": "on",
                              "name": "ねりま はなこ"},
        )  # fmt: skip
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/?sent=1"
    assert report.is_public and report.department.code == "road"
    assert report.answers == {"light-state": "out"}
    assert Follower.objects.filter(report=report, user=resident.user).exists()
    page = resident_client.get(response["Location"]).content.decode()
    assert "ねりま はなこ" in page and "受付" in page
    # The stored photo: resized, no EXIF at all (no GPS, no camera maker).
    from PIL import Image

    photo = report.photos.get()
    with Image.open(photo.image.open("rb")) as stored:
        assert max(stored.size) == 1600
        assert not stored.getexif()
    served = Client().get(f"/reports/photos/{photo.uuid}.jpg")
    assert served.status_code == 200 and b"PhoneMaker" not in b"".join(served.streaming_content)


def test_without_an_account_nothing_is_public_until_the_address_is_confirmed(
    client, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/new/", _form(email="taro@example.jp", phone="090-1234-5678")
        )
    assert response.status_code == 302 and response["Location"] == "/reports/sent/"
    report = Report.objects.get()
    assert report.confirmed_at is None
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert "R-" not in client.get("/reports/").content.decode().split("<tbody>")[1]
    assert client.get("/reports.geojson").json()["features"] == []
    (message,) = mail.outbox
    assert message.to == ["taro@example.jp"]
    link = re.search(r"http://[^\s]+/reports/confirm/[^\s]+/", message.body).group(0)
    confirmed = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert confirmed.status_code == 302
    report.refresh_from_db()
    assert report.is_public
    assert Follower.objects.get(report=report).confirmed_at is not None
    # The link is single-use.
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 404


def test_without_an_account_the_address_is_required_and_the_text_stays(client, categories):
    response = client.post("/reports/new/", _form())
    assert response.status_code == 400
    page = response.content.decode()
    assert "確認のメールを送るメールアドレスを入力してください。" in page
    assert "街路灯が夜になっても点きません。" in page


def test_open_reports_nearby_are_shown_first_and_can_be_followed_instead(
    resident_client, resident, categories
):
    from kuyakusho.accounts.models import User

    neighbour = User.objects.create_user(email="neighbour@example.jp", password="x" * 20)
    existing = file_report(neighbour)
    response = resident_client.post("/reports/new/", _form(lat="35.73625", lon="139.65305"))
    page = response.content.decode()
    assert response.status_code == 200 and Report.objects.count() == 1
    assert existing.reference in page and "近くに同じ種類のレポートがあります" in page
    assert 'name="nearby_seen"' in page and "街路灯が夜になっても点きません。" in page
    followed = resident_client.post(
        "/reports/new/", _form(lat="35.73625", lon="139.65305", nearby_seen="1",
                               follow_instead=str(existing.pk)),
    )  # fmt: skip
    assert followed.status_code == 302 and Report.objects.count() == 1
    assert Follower.objects.filter(report=existing, user=resident.user).exists()
    # Sending anyway (nearby already seen) files a new report.
    sent = resident_client.post("/reports/new/", _form(lat="35.73625", lon="139.65305",
                                                        nearby_seen="1"))  # fmt: skip
    assert sent.status_code == 302 and Report.objects.count() == 2


# --- Bad input (issue #4) --------------------------------------------------------------------
def _refused(client, data, *expected):
    response = client.post("/reports/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    for text in expected:
        assert text in page, text
    assert "街路灯が夜になっても点きません。" in page  # nothing typed is lost
    assert Report.objects.count() == 0
    return page


def test_a_file_that_is_not_an_image_is_refused(resident_client, categories):
    fake = SimpleUploadedFile("light.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    _refused(resident_client, {**_form(), "photos": [fake]}, "もう一度選んでください")


def test_a_30_mb_photo_is_refused_with_the_limit(resident_client, categories):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024),
                             content_type="image/jpeg")  # fmt: skip
    page = _refused(resident_client, {**_form(), "photos": [big]})
    assert "MB" in page


def test_an_image_declaring_a_huge_size_is_refused(resident_client, categories):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")  # tiny file, 900 megapixels declared
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    _refused(resident_client, {**_form(), "photos": [bomb]}, "写真")


def test_four_photos_are_refused(resident_client, categories):
    _refused(resident_client, {**_form(), "photos": [jpeg(name=f"{i}.jpg") for i in range(4)]},
             "写真は3枚までです")  # fmt: skip


def test_a_position_outside_the_ward_explains_whose_road_it_may_be(resident_client, categories):
    page = _refused(resident_client, _form(**OUTSIDE), "区域の外です")
    assert "国道" in page and "都道" in page and OUTSIDE["lat"] in page


def test_html_and_script_in_the_description_are_kept_and_shown_as_text(resident_client, categories):
    text = '<script>alert("x")</script><b>点かない</b>'
    resident_client.post("/reports/new/", _form(description=text))
    report = Report.objects.get()
    assert report.description == text
    page = resident_client.get(f"/reports/{report.pk}/").content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_description_over_4000_characters_is_refused_and_kept(resident_client, categories):
    long_text = "街路灯が夜になっても点きません。" + "あ" * 4000
    response = resident_client.post("/reports/new/", _form(description=long_text))
    assert response.status_code == 400
    page = response.content.decode()
    assert "4,000文字以内" in page and long_text in page
    assert Report.objects.count() == 0


def test_a_required_question_unanswered_is_asked_under_it(resident_client, categories):
    data = _form()
    del data["attribute_light-state"]
    _refused(resident_client, data, "「どのような状態ですか」に答えてください。")


def test_a_submission_is_audited_without_personal_data(resident_client, categories):
    resident_client.post("/reports/new/", _form(name="練馬 花子", phone="03-1234-5678"))
    record = AuditRecord.objects.get(verb="reports.report.submitted")
    assert record.data["category"] == "street-light" and record.data["department"] == "road"
    assert "花子" not in str(record.data) and "03-1234" not in str(record.data)


def test_without_an_account_a_flood_is_slowed_and_the_text_kept(client, categories):
    for number in range(5):
        response = client.post("/reports/new/", _form(email=f"r{number}@example.jp",
                                                      lat=f"35.7{50 + number}"))  # fmt: skip
        assert response.status_code == 302
    refused = client.post("/reports/new/", _form(email="r9@example.jp", lat="35.759"))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "しばらく（10分ほど）待ってから" in page and "街路灯が夜になっても点きません。" in page
