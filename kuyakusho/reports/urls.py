"""Public paths, mounted at the site root: /reports/… and /reports.geojson."""

from django.urls import path

from . import views_public

app_name = "reports"
urlpatterns = [
    path("reports/", views_public.report_list, name="list"),
    path("reports/new/", views_public.report_form, name="new"),
    path("reports/sent/", views_public.report_sent, name="sent"),
    path("reports/confirm/<str:token>/", views_public.confirm, name="confirm"),
    path("reports/<int:pk>/", views_public.report_detail, name="detail"),
    path("reports/<int:pk>/follow/", views_public.follow, name="follow"),
    path("reports/following/<str:token>/", views_public.confirm_follow, name="confirm_follow"),
    path("reports/following/<str:token>/stop/", views_public.stop_following, name="stop_following"),
    path("reports/photos/<uuid:uuid>.jpg", views_public.photo, name="photo"),
    path("reports.geojson", views_public.geojson, name="geojson"),
]
