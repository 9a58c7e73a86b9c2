"""How a report looks outside: GeoJSON features for the map and /reports.geojson (no
personal data: the name only when the reporter chose to show it) and the answers to the extra
questions in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kuyakusho.core.geo import Feature

from .models import Report
from .states import COLOURS, OPEN311_STATUS


def reporter_label(report: Report) -> str:
    return report.public_name if report.show_name and report.public_name else _("区民の方")


def detail_urls(absolute: Callable[[str], str]) -> Callable[[int], str]:
    """pk → the report page's absolute URL, resolved once per response (not per feature)."""
    sample = absolute(reverse("reports:detail", args=[1]))
    prefix = sample[: sample.rindex("/1/") + 1]
    return lambda pk: f"{prefix}{pk}/"


def feature(
    report: Report, labels: dict[str, str], language: str, absolute: Callable[[str], str],
    url_for: Callable[[int], str] | None = None,
) -> Feature:  # fmt: skip
    url = url_for(report.pk) if url_for else absolute(reverse("reports:detail", args=[report.pk]))
    return Feature(
        lat=report.lat,
        lon=report.lon,
        id=str(report.pk),
        properties={
            "id": str(report.pk),
            "reference": report.reference,
            "category": report.category.code,
            "category_name": report.category.display_name(language),
            "state": report.state,
            "state_label": labels.get(report.state, report.state),
            "status": OPEN311_STATUS[report.state],
            "colour": COLOURS[report.state],
            "address": report.address,
            "requested_at": report.requested_at.isoformat(),
            "updated_at": report.updated_at.isoformat(),
            "url": url,
        },
    )


def answers(report: Report, language: str) -> list[tuple[str, str]]:
    rows = []
    for attribute in report.category.attributes.all():
        value: Any = report.answers.get(attribute.code)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            text = "、".join(attribute.choice_label(v, language) for v in value)
        else:
            text = attribute.choice_label(str(value), language)
        rows.append((attribute.label(language), text))
    return rows
