"""Public paths, mounted at the site root: outside checks rely on /facilities/ and
/facilities.geojson (issue #3)."""

from django.urls import path

from . import views_public

app_name = "facilities"
urlpatterns = [
    path("facilities/", views_public.facility_list, name="list"),
    path("facilities/<int:pk>/", views_public.facility_detail, name="detail"),
    path("facilities.geojson", views_public.geojson, name="geojson"),
]
