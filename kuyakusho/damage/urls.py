"""Public paths, mounted at the site root: /damage/ and /damage.geojson."""

from django.urls import path

from . import views_public

app_name = "damage"
urlpatterns = [
    path("damage/", views_public.report_list, name="list"),
    path("damage/report/", views_public.report_form, name="report"),
    path("damage/report/sent/", views_public.report_sent, name="sent"),
    path("damage/photos/<uuid:uuid>.jpg", views_public.photo, name="photo"),
    path("damage.geojson", views_public.geojson, name="geojson"),
]
