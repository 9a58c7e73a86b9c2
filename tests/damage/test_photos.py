"""Photos are checked by content, scaled to a bounded size and stored without any metadata: a
real JPEG with GPS EXIF (made with Pillow here) comes out with no EXIF, no GPS, no comment."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from kuyakusho.core import photos
from kuyakusho.damage import services
from kuyakusho.damage.models import DamagePhoto, DamageReport

from .conftest import jpeg_bytes, report_input, upload


def test_gps_exif_and_comments_are_removed_from_a_real_jpeg(road_staff, ward):
    original = jpeg_bytes(gps=True)
    with Image.open(io.BytesIO(original)) as check:  # the test image really carries them
        assert check.getexif().get_ifd(0x8825)[1] == "N"
        assert b"home of the photographer" in original
    report = services.file_staff_report(
        road_staff.user, report_input(photos=[upload("gps.jpg", original)])
    )
    stored = report.photos.get()
    data = stored.image.open("rb").read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(0x8825)
        assert (
            "exif" not in image.info
            and "comment" not in image.info
            and "icc_profile" not in image.info
        )
    assert (
        b"TestCam" not in data and b"home of the photographer" not in data and b"Exif" not in data
    )


def test_large_photos_are_scaled_to_the_bound_and_png_becomes_jpeg(road_staff, ward):
    buffer = io.BytesIO()
    Image.new("RGBA", (3200, 1000), (0, 0, 255, 128)).save(buffer, "PNG")
    report = services.file_staff_report(
        road_staff.user, report_input(photos=[upload("wide.png", buffer.getvalue())])
    )
    stored = report.photos.get()
    assert (stored.width, stored.height) == (photos.MAX_SIDE, 500)
    with Image.open(stored.image.open("rb")) as image:
        assert image.format == "JPEG" and image.size == (photos.MAX_SIDE, 500)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"this is not an image at all", "形式ではありません"),
        ("page.png", b"<html><script>alert(1)</script></html>", "形式ではありません"),
        ("photo.png", None, "形式ではありません"),  # a JPEG renamed .png
        ("scene.bmp", None, "受け付けていない種類"),
    ],
)
def test_files_that_are_not_the_image_they_claim_are_refused_and_nothing_is_kept(
    road_staff, ward, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        services.file_staff_report(road_staff.user, report_input(photos=[upload(name, content)]))
    assert message in " ".join(refused.value.message_dict["photos"])
    assert not DamageReport.objects.exists() and not DamagePhoto.objects.exists()


def test_more_than_three_photos_are_refused(road_staff, ward):
    with pytest.raises(ValidationError) as refused:
        services.file_staff_report(
            road_staff.user, report_input(photos=[upload(f"{n}.jpg") for n in range(4)])
        )
    assert "3枚まで" in refused.value.message_dict["photos"][0]
    assert not DamageReport.objects.exists()
