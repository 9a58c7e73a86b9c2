from django.urls import path

from . import views_staff

app_name = "signage"
urlpatterns = [
    path("", views_staff.screen_list, name="list"),
    path("new/", views_staff.screen_form, name="new"),
    path("<int:pk>/", views_staff.screen_form, name="edit"),
    path("<int:pk>/preview/", views_staff.preview, name="preview"),
    path("override/", views_staff.override_set, name="override_set"),
    path("override/clear/", views_staff.override_clear, name="override_clear"),
]
