"""Open311 GeoReport v2 paths that outside clients rely on (issue #4): discovery at
/open311/discovery.json|.xml and the base at /open311/v2/."""

from django.urls import path, re_path

from . import views_open311

FORMAT = r"(?P<fmt>json|xml)"

app_name = "open311"
urlpatterns = [
    re_path(rf"^discovery\.{FORMAT}$", views_open311.discovery, name="discovery"),
    path("v2/", views_open311.base, name="base"),
    re_path(rf"^v2/services\.{FORMAT}$", views_open311.services, name="services"),
    re_path(
        rf"^v2/services/(?P<code>[^/]+)\.{FORMAT}$",
        views_open311.service_definition,
        name="service_definition",
    ),
    re_path(rf"^v2/requests\.{FORMAT}$", views_open311.requests, name="requests"),
    re_path(
        rf"^v2/requests/(?P<request_id>[^/]+)\.{FORMAT}$",
        views_open311.request_detail,
        name="request",
    ),
    re_path(rf"^v2/tokens/(?P<token>[^/]+)\.{FORMAT}$", views_open311.token, name="token"),
]
