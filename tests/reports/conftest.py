"""Fixtures for citizen reports: the demo categories (routed to 道路課, 公園緑地課, 清掃 …),
photos made with Pillow (one with EXIF GPS), and helpers that file a report."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kuyakusho.reports import demo
from kuyakusho.reports.services import ReportInput, submit_report

from ..conftest import make_staff

INSIDE = {"lat": "35.7362", "lon": "139.6530"}  # 豊玉北, Nerima
OUTSIDE = {"lat": "35.6812", "lon": "139.7671"}  # 東京駅, Chiyoda


@pytest.fixture
def categories(ward, departments):
    return demo.load_categories()


@pytest.fixture
def parks_staff(ward, departments):
    return make_staff("parks.staff@example.jp", departments["parks"], "editor")


def jpeg(size=(2400, 1800), *, gps: bool = False, name: str = "light.jpg") -> SimpleUploadedFile:
    from PIL import Image

    image = Image.new("RGB", size, (200, 180, 40))
    buffer = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (35.0, 44.0, 10.0), 3: "E", 4: (139.0, 39.0, 5.0)}  # GPS
        kwargs["exif"] = exif
    image.save(buffer, "JPEG", **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def report_input(**overrides) -> ReportInput:
    values = {
        "category": "street-light",
        "lat": INSIDE["lat"],
        "lon": INSIDE["lon"],
        "description": "街路灯が点きません。",
        "answers": {"light-state": "out"},
    }
    values.update(overrides)
    return ReportInput(**values)


def file_report(actor=None, **overrides):
    """A confirmed report (by a signed-in resident when `actor` is one, else by phone)."""
    return submit_report(actor, report_input(**overrides))


@pytest.fixture
def light_report(categories, resident):
    return file_report(resident.user)
