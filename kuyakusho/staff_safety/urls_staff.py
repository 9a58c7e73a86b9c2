from django.urls import path

from . import views_staff, views_staff_contacts

app_name = "staff_safety"
urlpatterns = [
    path("", views_staff.home, name="home"),
    path("rounds/new/", views_staff.round_new, name="round_new"),
    path("rounds/<int:pk>/", views_staff.round_detail, name="round"),
    path("rounds/<int:pk>/close/", views_staff.round_close, name="round_close"),
    path("rounds/<int:pk>/export/", views_staff.round_export, name="round_export"),
    path("my-contact/", views_staff_contacts.my_contact, name="my_contact"),
    path("contacts/", views_staff_contacts.directory, name="directory"),
    path("contacts/<int:user_id>/", views_staff_contacts.correct, name="correct"),
]
