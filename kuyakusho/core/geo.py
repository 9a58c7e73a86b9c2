"""Geo helpers: coordinates checked against the ward's bounds, GeoJSON output.

GeoJSON (RFC 7946) orders positions as [longitude, latitude].
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .services import active_ward


class OutsideWardError(ValidationError):
    pass


def parse_coordinate(value: Any, *, kind: str) -> float:
    """Accept a number or numeric text (全角 digits too); reject NaN, infinities and garbage."""
    label = _("緯度") if kind == "lat" else _("経度")
    try:
        number = float(unicodedata.normalize("NFKC", str(value)).strip())
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise ValidationError(
            _("%(label)sは数値で入力してください。") % {"label": label}, code="not_a_number"
        )
    limit = 90 if kind == "lat" else 180
    if not -limit <= number <= limit:
        raise ValidationError(
            _("%(label)sは -%(limit)s から %(limit)s の間で入力してください。")
            % {"label": label, "limit": limit},
            code="out_of_range",
        )
    return number


def validate_point(lat: Any, lon: Any) -> tuple[float, float]:
    """Return (lat, lon) as floats if the point is inside the active ward's bounds."""
    lat_f = parse_coordinate(lat, kind="lat")
    lon_f = parse_coordinate(lon, kind="lon")
    ward = active_ward()
    if ward is not None and not ward.contains(lat_f, lon_f):
        raise OutsideWardError(
            _("指定された場所は%(ward)sの区域の外です。地図で区内の場所を選んでください。")
            % {"ward": ward.display_name(get_language() or "ja")},
            code="outside_ward",
        )
    return lat_f, lon_f


@dataclass
class Feature:
    lat: float
    lon: float
    properties: dict[str, Any] = field(default_factory=dict)
    id: str | int | None = None

    def as_geojson(self) -> dict[str, Any]:
        feature: dict[str, Any] = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(self.lon, 7), round(self.lat, 7)]},
            "properties": self.properties,
        }
        if self.id is not None:
            feature["id"] = self.id
        return feature


def feature_collection(features: Iterable[Feature]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [f.as_geojson() for f in features]}


def ward_map_config() -> dict[str, Any]:
    """What the map component needs: centre, bounds and the GSI tile source with its credit."""
    ward = active_ward()
    config: dict[str, Any] = {
        "tiles": "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png",
        "attribution": format_html(
            '<a href="https://maps.gsi.go.jp/development/ichiran.html">{}</a>', _("国土地理院")
        ),
        "zoom": 14,
    }
    if ward is not None:
        config["centre"] = [ward.centre_lat, ward.centre_lon]
        config["bounds"] = [
            [ward.bounds_south, ward.bounds_west],
            [ward.bounds_north, ward.bounds_east],
        ]
    return config
