from django.urls import path

from . import views_staff, views_staff_settings

app_name = "notifications"
urlpatterns = [
    path("", views_staff.message_list, name="list"),
    path("new/", views_staff.compose, name="new"),
    path("topics/", views_staff.topics, name="topics"),
    path("topics/<int:pk>/", views_staff.topics, name="topic"),
    # The ICT division's settings: areas and webhook endpoints.
    path("areas/", views_staff_settings.areas, name="areas"),
    path("areas/new/", views_staff_settings.area_form, name="area_new"),
    path("areas/<int:pk>/", views_staff_settings.area_form, name="area"),
    path("areas/<int:pk>/delete/", views_staff_settings.area_delete, name="area_delete"),
    path("webhooks/", views_staff_settings.webhooks, name="webhooks"),
    path("webhooks/new/", views_staff_settings.webhook_form, name="webhook_new"),
    path("webhooks/<int:pk>/", views_staff_settings.webhook_form, name="webhook"),
    path("webhooks/<int:pk>/rotate/", views_staff_settings.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/active/", views_staff_settings.webhook_active, name="webhook_active"),
    path("webhooks/<int:pk>/test/", views_staff_settings.webhook_test, name="webhook_test"),
    path("<int:pk>/", views_staff.detail, name="detail"),
    path("<int:pk>/edit/", views_staff.compose, name="edit"),
    path("<int:pk>/submit/", views_staff.submit, name="submit"),
    path("<int:pk>/approve/", views_staff.approve, name="approve"),
    path("<int:pk>/cancel/", views_staff.cancel, name="cancel"),
]
