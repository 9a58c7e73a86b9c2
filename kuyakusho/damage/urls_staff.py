from django.urls import path

from . import views_staff

app_name = "damage"
urlpatterns = [
    path("", views_staff.hq, name="hq"),
    path("new/", views_staff.new_report, name="new"),
    path("export.csv", views_staff.export_csv, name="export_csv"),
    path("export.geojson", views_staff.export_geojson, name="export_geojson"),
    path("<int:pk>/", views_staff.detail, name="detail"),
    path("<int:pk>/review/", views_staff.review, name="review"),
    path("<int:pk>/response/", views_staff.response, name="response"),
    path("<int:pk>/contact/", views_staff.contact, name="contact"),
    path("photos/<int:pk>/public/", views_staff.photo_public, name="photo_public"),
    path("photos/<uuid:uuid>.jpg", views_staff.staff_photo, name="photo"),
]
