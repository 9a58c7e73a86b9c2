from django.urls import path, re_path

from . import views_public

app_name = "disaster"
urlpatterns = [
    path("disaster/", views_public.disaster_page, name="page"),
    re_path(
        r"^disaster/(?P<name>index\.[a-z-]+\.html)$",
        views_public.disaster_page_file,
        name="page_file",
    ),
    path("alerts/cap.atom", views_public.cap_feed, name="cap_feed"),
    path("alerts/<uuid:uuid>.xml", views_public.cap_document, name="cap"),
]
