"""Geo helpers: coordinates checked against the ward's bounds, GeoJSON output.

GeoJSON (RFC 7946) orders positions as [longitude, latitude].
"""

from __future__ import annotations

import json
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


# Limits for drawn or pasted areas: enough for a 町丁目 or a school district, small enough
# that one form post cannot make the server walk millions of points.
POLYGON_MAX_POSITIONS = 20_000
POLYGON_MAX_CHARS = 1_000_000


def _position(value: Any, where: dict[str, Any]) -> list[float]:
    """One GeoJSON position [lon, lat] (an altitude is dropped), inside the ward's bounds."""
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
    ):
        raise ValidationError(
            _("%(where)sは [経度, 緯度] の形の数値にしてください。") % {"where": _where(where)},
            code="invalid_position",
        )
    try:
        lat, lon = validate_point(value[1], value[0])
    except OutsideWardError:
        ward = active_ward()
        raise OutsideWardError(
            _("%(where)s（経度 %(lon)s, 緯度 %(lat)s）が%(ward)sの区域の外です。")
            % {
                "where": _where(where),
                "lon": value[0],
                "lat": value[1],
                "ward": ward.display_name(get_language() or "ja") if ward else "",
            },
            code="outside_ward",
        ) from None
    except ValidationError as error:
        raise ValidationError(
            f"{_where(where)}: {' '.join(error.messages)}", code="invalid_position"
        ) from None
    return [lon, lat]


def _where(where: dict[str, Any]) -> str:
    if "polygon" in where:
        return _("%(polygon)s番目の多角形の%(ring)s番目のリングの%(point)s番目の点") % where
    return _("%(ring)s番目のリングの%(point)s番目の点") % where


def _rings(value: Any, where: dict[str, Any], counter: list[int]) -> list[list[list[float]]]:
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("多角形の座標は、リング（点のリスト）のリストにしてください。"),
            code="invalid_polygon",
        )
    rings = []
    for ring_number, ring in enumerate(value, start=1):
        here = {**where, "ring": ring_number}
        if not isinstance(ring, list) or len(ring) < 4:
            raise ValidationError(
                _("%(ring)s番目のリングには、始点と同じ終点を含めて4つ以上の点が必要です。")
                % {"ring": ring_number},
                code="too_few_positions",
            )
        counter[0] += len(ring)
        if counter[0] > POLYGON_MAX_POSITIONS:
            raise ValidationError(
                _("点が多すぎます（%(limit)s点まで）。") % {"limit": POLYGON_MAX_POSITIONS},
                code="too_many_positions",
            )
        positions = [
            _position(position, {**here, "point": number})
            for number, position in enumerate(ring, start=1)
        ]
        if positions[0] != positions[-1]:
            raise ValidationError(
                _(
                    "%(ring)s番目のリングが閉じていません。最後の点を最初の点と同じ座標にしてください。"
                )
                % {"ring": ring_number},
                code="open_ring",
            )
        rings.append(positions)
    return rings


def validate_area_geometry(value: Any) -> dict[str, Any]:
    """A GeoJSON (RFC 7946) Polygon or MultiPolygon (or a Feature holding one) whose rings are
    closed and whose every position lies inside the ward's bounds. Returns the geometry alone,
    two-dimensional, with nothing but `type` and `coordinates`."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    kind = value.get("type") if isinstance(value, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            _("GeoJSON の Polygon か MultiPolygon を入力してください。"),
            code="not_a_polygon",
        )
    coordinates = value.get("coordinates")
    counter = [0]
    if kind == "Polygon":
        return {"type": kind, "coordinates": _rings(coordinates, {}, counter)}
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(
            _("MultiPolygon の座標は、多角形のリストにしてください。"), code="invalid_polygon"
        )
    return {
        "type": kind,
        "coordinates": [
            _rings(polygon, {"polygon": number}, counter)
            for number, polygon in enumerate(coordinates, start=1)
        ],
    }


def parse_area_geometry(text: str) -> dict[str, Any] | None:
    """Parse GeoJSON typed or pasted into a form; empty text means no polygon."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > POLYGON_MAX_CHARS:
        raise ValidationError(
            _("GeoJSON が長すぎます（%(limit)s文字まで）。") % {"limit": POLYGON_MAX_CHARS},
            code="too_long",
        )
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
        if line is None:
            message = _("GeoJSON として読み取れません。")
        else:
            message = _(
                "GeoJSON として読み取れません（%(line)s行目、%(column)s文字目）。括弧やカンマを確認してください。"
            ) % {"line": line, "column": column}
        raise ValidationError(message, code="invalid_json") from None
    return validate_area_geometry(value)


def _refuse_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def geometry_centre(geometry: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) of the middle of a polygon's bounding box: where a list or a marker points."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    lons = [p[0] for polygon in polygons for ring in polygon for p in ring]
    lats = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


@dataclass
class Feature:
    lat: float
    lon: float
    properties: dict[str, Any] = field(default_factory=dict)
    id: str | int | None = None
    # A polygon drawn instead of the point (lat/lon then name where the list points).
    geometry: dict[str, Any] | None = None

    def as_geojson(self) -> dict[str, Any]:
        feature: dict[str, Any] = {
            "type": "Feature",
            "geometry": self.geometry
            or {"type": "Point", "coordinates": [round(self.lon, 7), round(self.lat, 7)]},
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


def _in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting (even-odd rule) for one closed ring of [lon, lat] positions."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat):
            crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing:
                inside = not inside
    return inside


def point_in_geometry(lat: float, lon: float, geometry: dict[str, Any] | None) -> bool:
    """Whether (lat, lon) lies inside a GeoJSON Polygon or MultiPolygon (holes excluded).
    Anything else, or a malformed geometry, contains nothing."""
    if not isinstance(geometry, dict):
        return False
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    try:
        for polygon in polygons or []:
            rings = [[(float(p[0]), float(p[1])) for p in ring] for ring in polygon]
            if rings and _in_ring(lon, lat, rings[0]):
                if not any(_in_ring(lon, lat, hole) for hole in rings[1:]):
                    return True
    except (TypeError, ValueError, IndexError):
        return False
    return False
