"""Fixtures for damage reports: points of the Nerima test ward (bounds 35.715–35.780 N,
139.555–139.685 E), two areas with polygons (west and east halves), a school shelter run by
区民課, and images made with Pillow."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kuyakusho.damage import services
from kuyakusho.notifications.models import Area

from ..conftest import make_staff, sign_in
from ..shelters.conftest import make_shelter

CENTRE = (35.7356, 139.6516)
WEST = (35.74, 139.58)
EAST = (35.74, 139.67)


def box(south: float, north: float, west: float, east: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def areas(ward) -> dict[str, Area]:
    return {
        "west": Area.objects.create(code="west", name_ja="西地域", name_en="West",
                                    polygon=box(35.715, 35.780, 139.555, 139.62)),
        "east": Area.objects.create(code="east", name_ja="東地域", name_en="East",
                                    polygon=box(35.715, 35.780, 139.62, 139.685)),
    }  # fmt: skip


@pytest.fixture
def school(ward, departments):
    return make_shelter("第一小学校", department=departments["residents"], at=(35.7401, 139.6601))


@pytest.fixture
def site_staff(db, ward, departments):
    """An ordinary member (role "staff") of 区民課, the department that runs the school."""
    return make_staff("site.staff@example.jp", departments["residents"], "staff")


@pytest.fixture
def hq_member(db, ward, departments):
    """An ordinary member (role "staff") of 防災計画課: works the HQ, cannot read contacts."""
    return make_staff("hq.member@example.jp", departments["disaster"], "staff")


@pytest.fixture
def crisis_client(crisis_staff) -> Client:
    return sign_in(Client(), crisis_staff)


@pytest.fixture
def road_client(road_staff) -> Client:
    return sign_in(Client(), road_staff)


def jpeg_bytes(
    size: tuple[int, int] = (64, 48), *, gps: bool = False, colour=(200, 30, 30)
) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        exif[0x0131] = "Kuyakusho test"  # Software
        gps_ifd = {
            1: "N", 2: (35.0, 44.0, 8.16), 3: "E", 4: (139.0, 39.0, 5.76),
        }  # fmt: skip
        exif[0x8825] = gps_ifd
        image.save(buffer, "JPEG", exif=exif, comment=b"home of the photographer")
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name: str = "scene.jpg", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else jpeg_bytes(), "image/jpeg")


def report_input(**overrides) -> services.ReportInput:
    values = {"kind": "road_cut", "severity": "serious", "lat": EAST[0], "lon": EAST[1],
              "description": "塀が倒れて通れない"}  # fmt: skip
    values.update(overrides)
    return services.ReportInput(**values)


def form_data(**overrides) -> dict:
    data = {
        "kind": "building_collapse", "lifeline": "", "severity": "moderate",
        "lat": str(EAST[0]), "lon": str(EAST[1]), "address": "豊玉北6丁目",
        "description": "古い家が傾いている", "dead": "0", "injured": "0", "missing": "0",
        "needs_rescue": "0", "observed_at": "", "name": "", "phone": "", "email": "",
    }  # fmt: skip
    data.update(overrides)
    return data
