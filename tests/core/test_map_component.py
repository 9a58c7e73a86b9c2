"""The map component: a table that always lists the places, and a JSON block that Leaflet reads."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_lists_the_office_in_a_table_and_configures_the_map(ward):
    body = Client().get("/").content.decode()
    table = body[
        body.index('<table class="map-list">') : body.index(
            "</table>", body.index('<table class="map-list">')
        )
    ]
    assert "練馬区" in table and ward.address in table and "35.73560, 139.65160" in table
    config = json.loads(
        re.search(
            r'<script id="office-map-config" type="application/json">(.*?)</script>', body, re.S
        ).group(1)
    )
    assert config["tiles"].startswith("https://cyberjapandata.gsi.go.jp/")
    assert "国土地理院" in config["attribution"]
    assert config["geojson"]["features"][0]["geometry"]["coordinates"] == [139.6516, 35.7356]
    # The map box stays hidden until the script enhances it, so nothing empty is announced.
    assert re.search(r'<div class="map" id="office-map"[^>]*hidden', body)


def test_place_names_cannot_inject_markup(ward):
    ward.address = "</script><script>alert(1)</script>"
    ward.save()
    from django.core.cache import cache

    cache.clear()
    body = Client().get("/").content.decode()
    assert "<script>alert(1)</script>" not in body


def test_the_place_name_follows_the_page_language(ward):
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    table = body[body.index('<table class="map-list">') :]
    assert "<td>Nerima City</td>" in table
