"""Public paths, mounted at the site root: outside clients rely on /shelters/ and
/shelters.geojson (issue #6)."""

from django.urls import path

from . import views_public

app_name = "shelters"
urlpatterns = [
    path("shelters/", views_public.shelter_list, name="list"),
    path("shelters/<int:pk>/", views_public.shelter_detail, name="detail"),
    path("shelters.geojson", views_public.geojson, name="geojson"),
]
