from django.urls import path

from . import views_staff, views_staff_settings

app_name = "events"
urlpatterns = [
    path("", views_staff.overview, name="overview"),
    path("new/", views_staff.event_form, name="new"),
    path("categories/", views_staff_settings.categories, name="categories"),
    path("categories/<int:pk>/", views_staff_settings.categories, name="category"),
    path("areas/", views_staff_settings.areas, name="areas"),
    path("areas/<int:pk>/", views_staff_settings.areas, name="area"),
    path("groups/", views_staff.group_list, name="groups"),
    path("groups/<int:pk>/", views_staff.group_review, name="group"),
    path("groups/<int:pk>/approve/", views_staff.group_approve, name="group_approve"),
    path("groups/<int:pk>/reject/", views_staff.group_reject, name="group_reject"),
    path("<int:pk>/", views_staff.event_review, name="event"),
    path("<int:pk>/edit/", views_staff.event_form, name="edit"),
    path("<int:pk>/approve/", views_staff.event_approve, name="approve"),
    path("<int:pk>/reject/", views_staff.event_reject, name="reject"),
    path("<int:pk>/cancel/", views_staff.event_cancel, name="cancel"),
    path("<int:pk>/participants/", views_staff.event_participants, name="participants"),
    path("<int:pk>/participants.csv", views_staff.event_participants_csv, name="participants_csv"),
]
