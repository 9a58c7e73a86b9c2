from django.urls import path

from . import views_staff

app_name = "notifications"
urlpatterns = [
    path("", views_staff.message_list, name="list"),
    path("new/", views_staff.compose, name="new"),
    path("topics/", views_staff.topics, name="topics"),
    path("topics/<int:pk>/", views_staff.topics, name="topic"),
    path("<int:pk>/", views_staff.detail, name="detail"),
    path("<int:pk>/edit/", views_staff.compose, name="edit"),
    path("<int:pk>/submit/", views_staff.submit, name="submit"),
    path("<int:pk>/approve/", views_staff.approve, name="approve"),
    path("<int:pk>/cancel/", views_staff.cancel, name="cancel"),
]
