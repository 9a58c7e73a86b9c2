from django.urls import path

from . import views_staff

app_name = "facilities"
urlpatterns = [
    path("", views_staff.facility_list, name="list"),
    path("new/", views_staff.facility_form, name="new"),
    path("<int:pk>/", views_staff.facility_form, name="edit"),
    path("<int:pk>/publication/", views_staff.publication, name="publication"),
    # The ICT division's settings: facility types and the landmarks of "near me".
    path("types/", views_staff.types, name="types"),
    path("types/<int:pk>/", views_staff.types, name="type"),
    path("landmarks/", views_staff.landmarks, name="landmarks"),
    path("landmarks/<int:pk>/", views_staff.landmarks, name="landmark"),
    path("landmarks/<int:pk>/delete/", views_staff.landmark_delete, name="landmark_delete"),
]
