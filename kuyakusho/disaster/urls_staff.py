from django.urls import path

from . import views_staff

app_name = "disaster"
urlpatterns = [
    path("", views_staff.alert_list, name="list"),
    path("alerts/new/", views_staff.alert_new, name="new"),
    path("alerts/<int:pk>/", views_staff.alert_detail, name="detail"),
    path("alerts/<int:pk>/edit/", views_staff.alert_edit, name="edit"),
    path("alerts/<int:pk>/submit/", views_staff.alert_submit, name="submit"),
    path("alerts/<int:pk>/approve/", views_staff.alert_approve, name="approve"),
    path("alerts/<int:pk>/reject/", views_staff.alert_reject, name="reject"),
    path(
        "alerts/<int:pk>/update/",
        views_staff.alert_follow_up,
        {"msg_type": "update"},
        name="update",
    ),
    path(
        "alerts/<int:pk>/cancel/",
        views_staff.alert_follow_up,
        {"msg_type": "cancel"},
        name="cancel",
    ),
    path("policy/", views_staff.policy, name="policy"),
]
