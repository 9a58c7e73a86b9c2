"""Language choice: Accept-Language on the first visit, then the visitor's own choice."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _lang(response) -> str:
    body = response.content.decode()
    return body.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-US,en;q=0.9", "en"),
        ("ko-KR,ko;q=0.8", "ko"),
        ("zh-TW", "zh-hant"),
        ("zh-CN", "zh-hans"),
        ("fr-FR,fr", "ja"),
        ("", "ja"),
        ("de, en;q=0.5", "en"),
    ],
)
def test_first_visit_honours_accept_language(ward, header, expected):
    response = Client(HTTP_ACCEPT_LANGUAGE=header).get("/")
    assert response.status_code == 200
    assert _lang(response) == expected
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]


def test_a_chosen_language_sticks_over_the_header(ward):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/lang/ko/?next=/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert _lang(client.get("/")) == "ko"


def test_easy_japanese_is_marked_as_japanese_for_screen_readers(ward):
    client = Client()
    client.get("/lang/ja-x-easy/")
    response = client.get("/")
    assert _lang(response) == "ja"
    assert response["Content-Language"] == "ja-x-easy"


@pytest.mark.parametrize("code", ["xx", "EN", "ja-x-evil", "../etc", "ja;drop"])
def test_an_unknown_language_gets_a_clear_message(ward, code):
    response = Client().get(f"/lang/{code}/")
    assert response.status_code in (400, 404)
    body = response.content.decode()
    assert "Traceback" not in body
    if response.status_code == 400:
        assert "対応していません" in body
        assert "English" in body  # the languages we do have are offered


def test_next_cannot_send_visitors_to_another_site(ward):
    response = Client().get("/lang/en/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_signed_in_residents_keep_their_language(resident_client, resident):
    resident_client.get("/lang/zh-hans/")
    resident.user.refresh_from_db()
    assert resident.user.preferred_language == "zh-hans"
    # A new device with another Accept-Language still shows their language after sign-in.
    from ..conftest import sign_in

    other = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), resident)
    assert _lang(other.get("/")) == "zh-hans"


def test_display_preferences_without_javascript(ward):
    client = Client()
    response = client.post("/preferences/", {"text_size": "xlarge", "furigana": "1", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert 'class="text-xlarge furigana-on"' in body
    assert '<ruby aria-hidden="true">区役所' in body
    assert '<span class="visually-hidden">区役所</span>' in body


def test_an_invalid_text_size_is_refused_with_a_message(ward):
    response = Client().post("/preferences/", {"text_size": "gigantic"})
    assert response.status_code == 400
    assert "使えません" in response.content.decode()


def test_languages_the_ward_switched_off_are_not_offered(ward):
    from django.core.cache import cache

    ward.enabled_languages = ["ja", "en"]
    ward.save()
    cache.clear()
    body = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/").content.decode()
    assert '<html lang="ja"' in body  # Korean is not offered, so the default applies
    assert "한국어" not in body and "English" in body
    assert Client().get("/lang/ko/").status_code == 400
