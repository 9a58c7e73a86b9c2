"""Error pages speak the visitor's language and never show a stack trace or personal data."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path

from kuyakusho import urls as project_urls


def _boom(request):
    raise RuntimeError("secret-stack-detail hanako@example.jp")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]  # before the CMS catch-all
handler500 = project_urls.handler500
handler404 = project_urls.handler404

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"), [("ja", "ページが見つかりません"), ("en", "Page not found")]
)
def test_404_in_the_visitors_language(ward, language, expected):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    if language == "ja":
        assert expected in body
    else:
        # English catalog: the Japanese heading must not be shown.
        assert "ページが見つかりません" not in body
    assert '<a class="skip-link"' in body


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_shows_no_stack_trace_or_personal_data(ward):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "エラーが発生しました" in body
    assert "secret-stack-detail" not in body
    assert "hanako@example.jp" not in body
    assert "Traceback" not in body


def test_csrf_failure_explains_what_to_do(ward):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/preferences/", {"text_size": "large"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "もう一度送信してください" in body
    assert "CSRF" not in body


def test_403_for_residents_on_staff_pages_is_readable(resident_client):
    response = resident_client.get("/staff/")
    assert response.status_code == 403
    assert "このページは表示できません" in response.content.decode()


def test_oversized_request_gets_a_413_page(ward, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(
        "/preferences/", data=b"x" * 5000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "ファイルが大きすぎます" in response.content.decode()


def test_throttled_visitors_get_a_429_page_in_their_language(ward, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"login": "a@example.jp", "password": "x"}).status_code
        for _ in range(4)
    ]
    assert statuses[-1] == 429
    response = client.post("/accounts/login/", {"login": "a@example.jp", "password": "x"})
    assert "しばらくしてからお試しください" in response.content.decode()


def test_security_headers(ward):
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    # Inline scripts run only with this response's nonce; never the invalid literal 'nonce'.
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'nonce'" not in script_src
    assert "'unsafe-inline'" not in script_src
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
