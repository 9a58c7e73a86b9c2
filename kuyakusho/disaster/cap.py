"""CAP 1.2 (OASIS Common Alerting Protocol Version 1.2, 2010) for each published alert, and an
Atom feed of them whose entries link to the CAP documents.

Element order and value sets follow the CAP 1.2 XML schema (tests validate every document
against the official schema). One <info> block per language. Areas: <areaDesc> always, a
<polygon> per ring of the area's GeoJSON polygon ("lat,lon" pairs, first = last), and the
ward's 全国地方公共団体コード as a <geocode> (valueName "JIS X 0402", as Japanese CAP feeds
such as the L-Alert / 災害情報共有システム profile use).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kuyakusho.core.services import active_ward

from .models import Alert, AlertKind, MessageType
from .selectors import words_in

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CONTENT_TYPE = "application/cap+xml"
# CAP <language> is an RFC 3066 tag; easy Japanese is a private-use subtag of ja.
CAP_LANGUAGE = {
    "ja": "ja-JP",
    "ja-x-easy": "ja-JP-x-easy",
    "en": "en-US",
    "zh-hans": "zh-Hans",
    "zh-hant": "zh-Hant",
    "ko": "ko-KR",
}
CATEGORY = {
    AlertKind.EVACUATION_ELDERLY: "Safety",
    AlertKind.EVACUATION_ORDER: "Safety",
    AlertKind.EMERGENCY_SAFETY: "Safety",
    AlertKind.WEATHER: "Met",
    AlertKind.EARTHQUAKE: "Geo",
    AlertKind.SHELTER_OPENING: "Safety",
    AlertKind.STRANDED_COMMUTERS: "Transport",
    AlertKind.GENERAL: "Other",
}
RESPONSE = {
    AlertKind.EVACUATION_ELDERLY: "Prepare",
    AlertKind.EVACUATION_ORDER: "Evacuate",
    AlertKind.EMERGENCY_SAFETY: "Shelter",
    AlertKind.WEATHER: "Monitor",
    AlertKind.EARTHQUAKE: "Assess",
    AlertKind.SHELTER_OPENING: "Evacuate",
    AlertKind.STRANDED_COMMUTERS: "Shelter",
    AlertKind.GENERAL: "Monitor",
}


def _time(value) -> str:  # type: ignore[no-untyped-def]
    """CAP dateTime: seconds precision with a numeric offset ("Z" is not allowed)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def sender() -> str:
    """CAP <sender>: no spaces or commas. The ward's 全国地方公共団体コード under a setting's
    domain, unless an operator names another."""
    if settings.DISASTER_CAP_SENDER:
        return settings.DISASTER_CAP_SENDER
    ward = active_ward()
    code = ward.municipality_code if ward else "000000"
    return f"jp.lg.{code}@kuyakusho"


def identifier(alert: Alert) -> str:
    return f"urn:uuid:{alert.uuid}"


def cap_url(alert: Alert) -> str:
    return settings.SITE_URL + reverse("disaster:cap", args=[alert.uuid])


def _sub(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, name)
    if text is not None:
        element.text = text
    return element


def _polygons(area) -> list[str]:  # type: ignore[no-untyped-def]
    geometry = area.polygon or {}
    if geometry.get("type") == "Polygon":
        polygons = [geometry.get("coordinates", [])]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry.get("coordinates", [])
    else:
        return []
    rings = []
    for polygon in polygons:
        for ring in polygon[:1]:  # CAP has no holes: the outer ring only
            if len(ring) >= 4:
                rings.append(" ".join(f"{lat:.6f},{lon:.6f}" for lon, lat, *_ in ring))
    return rings


def _references(alert: Alert) -> str:
    """Every earlier message of the thread, as CAP wants: "sender,identifier,sent" each."""
    earlier = []
    current = alert.references
    while current is not None:
        earlier.append(f"{sender()},{identifier(current)},{_time(current.sent_at)}")
        current = current.references
    return " ".join(reversed(earlier))


def build(alert: Alert) -> bytes:
    """The CAP 1.2 document of a published alert."""
    # Plain names under an xmlns attribute: the document has one namespace, as a default.
    root = ET.Element("alert", xmlns=NAMESPACE)
    _sub(root, "identifier", identifier(alert))
    _sub(root, "sender", sender())
    _sub(root, "sent", _time(alert.sent_at))
    _sub(root, "status", "Exercise" if alert.is_exercise else "Actual")
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", "Public")
    if alert.is_exercise:
        _sub(root, "note", "訓練 / Exercise")
    if alert.msg_type != MessageType.ALERT and alert.references_id:
        _sub(root, "references", _references(alert))
    ward = active_ward()
    areas = list(alert.areas.all())
    for text in sorted(alert.texts.all(), key=lambda t: list(CAP_LANGUAGE).index(t.language)):
        words = words_in(alert, text.language)
        info = _sub(root, "info")
        _sub(info, "language", CAP_LANGUAGE.get(text.language, text.language))
        _sub(info, "category", CATEGORY.get(alert.kind, "Other"))
        _sub(info, "event", str(AlertKind(alert.kind).label))
        _sub(
            info,
            "responseType",
            "AllClear" if alert.msg_type == MessageType.CANCEL else RESPONSE[alert.kind],
        )
        _sub(info, "urgency", alert.urgency)
        _sub(info, "severity", alert.severity)
        _sub(info, "certainty", alert.certainty)
        _sub(info, "effective", _time(alert.effective_at))
        _sub(info, "expires", _time(alert.expires_at))
        if ward:
            name = ward.display_name(
                "en" if text.language in {"en", "ko", "zh-hans", "zh-hant"} else "ja"
            )
            _sub(info, "senderName", f"{name} {alert.department.display_name('ja')}")
        _sub(info, "headline", words.headline)
        if words.description:
            _sub(info, "description", words.description)
        if words.instruction:
            _sub(info, "instruction", words.instruction)
        _sub(info, "web", settings.SITE_URL + reverse("disaster:page"))
        if alert.department.phone:
            _sub(info, "contact", alert.department.phone)
        if areas:
            for area in areas:
                block = _sub(info, "area")
                _sub(block, "areaDesc", area.display_name("ja"))
                for ring in _polygons(area):
                    _sub(block, "polygon", ring)
        else:
            block = _sub(info, "area")
            _sub(block, "areaDesc", ward.display_name("ja") if ward else "区内全域")
            if ward:
                geocode = _sub(block, "geocode")
                _sub(geocode, "valueName", "JIS X 0402")
                _sub(geocode, "value", ward.municipality_code)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


ATOM = "http://www.w3.org/2005/Atom"


def _atom(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(alerts: list[Alert], language: str) -> bytes:
    """Atom (RFC 4287) of published alert messages, newest first. Each entry's alternate link
    is its CAP document with CAP's media type, the convention CAP aggregators follow."""
    ward = active_ward()
    feed = ET.Element("feed", xmlns=ATOM)
    _atom(feed, "id", settings.SITE_URL + reverse("disaster:cap_feed"))
    ward_name = ward.display_name(language) if ward else ""
    _atom(feed, "title", f"{ward_name} CAP".strip())
    newest = max((a.sent_at for a in alerts), default=None) or timezone.now()
    _atom(feed, "updated", _time(newest))
    author = _atom(feed, "author")
    _atom(author, "name", ward_name or sender())
    _atom(feed, "link", rel="self", href=settings.SITE_URL + reverse("disaster:cap_feed"))
    _atom(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=settings.SITE_URL + reverse("disaster:page"),
    )
    for alert in alerts:
        words = words_in(alert, language)
        entry = _atom(feed, "entry")
        _atom(entry, "id", identifier(alert))
        prefix = "【訓練】" if alert.is_exercise else ""
        _atom(entry, "title", prefix + words.headline)
        _atom(entry, "updated", _time(alert.sent_at))
        _atom(entry, "published", _time(alert.sent_at))
        _atom(entry, "link", rel="alternate", type=CONTENT_TYPE, href=cap_url(alert))
        _atom(entry, "summary", words.description or words.headline)
        _atom(entry, "category", term="Exercise" if alert.is_exercise else "Actual")
        _atom(entry, "category", term=alert.msg_type)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
