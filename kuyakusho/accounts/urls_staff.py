from django.urls import path

from . import views_staff

urlpatterns = [
    path("residents/", views_staff.resident_lookup, name="resident_lookup"),
]
