"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/): the shapes of discovery,
services, service definitions, service requests, tokens and errors, in JSON and XML.

Shapes follow the specification exactly: identifiers are strings, errors are an array of
{code, description}, XML wraps lists in <services>, <service_requests>, <errors> and
<discovery>. Personal data (the reporter's name, e-mail, phone) is never part of an answer:
GET responses here carry no personal field at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

from .models import Category, Report
from .states import OPEN311_STATUS, State

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"


def iso(value: datetime | None) -> str | None:
    """W3C date-time with the ward's offset (2026-12-06T09:30:00+09:00)."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def service(category: Category, language: str) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.display_name(language),
        "description": category.description(language),
        "metadata": category.attributes.exists(),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def definition(category: Category, language: str) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": "",
                "order": attribute.order,
                "description": attribute.label(language),
                "values": [
                    {"key": choice["key"], "name": attribute.choice_label(choice["key"], language)}
                    for choice in attribute.choices
                ],
            }
            for attribute in category.attributes.all()
        ],
    }


def service_request(
    report: Report, language: str, notes: str, media_url: str | None, agency: str
) -> dict[str, Any]:
    notice = report.forwarded_to if report.state == State.NOT_WARD else ""
    return {
        "service_request_id": str(report.pk),
        "status": OPEN311_STATUS[report.state],
        "status_notes": notes,
        "service_name": report.category.display_name(language),
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": agency,
        "service_notice": notice,
        "requested_datetime": iso(report.requested_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": report.due_date.isoformat() if report.due_date else None,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.lat,
        "long": report.lon,
        "media_url": media_url or "",
    }


def discovery(base_url: str, contact: str, changeset: datetime | None) -> dict[str, Any]:
    return {
        "changeset": iso(changeset) or "",
        "contact": contact,
        "key_service": contact,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": iso(changeset) or "",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }


def errors(code: int, descriptions: list[str]) -> list[dict[str, Any]]:
    return [{"code": code, "description": text} for text in descriptions]


# --- rendering ---------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, name: str, value: Any, item_names: dict[str, str]) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _append(element, key, inner, item_names)
    elif isinstance(value, list):
        item = item_names.get(name, "item")
        for inner in value:
            _append(element, item, inner, item_names)
    else:
        element.text = _text(value)


# The name of one item inside each list element, as the specification's XML examples use.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def to_xml(root: str, payload: Any) -> bytes:
    element = ET.Element(root)
    if isinstance(payload, list):
        item = ITEM_NAMES[root]
        for value in payload:
            _append(element, item, value, ITEM_NAMES)
    else:
        for key, value in payload.items():
            _append(element, key, value, ITEM_NAMES)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def respond(payload: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        response = HttpResponse(to_xml(root, payload), content_type=XML, status=status)
    else:
        body = json.dumps(payload, ensure_ascii=False)
        response = HttpResponse(body, content_type=JSON, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    return respond(errors(status, descriptions), fmt, root="errors", status=status)


Builder = Callable[..., dict[str, Any]]
