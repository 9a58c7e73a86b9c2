from django.urls import path

from . import views_staff

app_name = "shelters"
urlpatterns = [
    path("", views_staff.board, name="board"),
    path("<int:pk>/status/", views_staff.status, name="status"),
    path("<int:pk>/history/", views_staff.history, name="history"),
    # Crisis management's registry of every shelter.
    path("registry/", views_staff.registry, name="registry"),
    path("registry/new/", views_staff.shelter_form, name="new"),
    path("registry/<int:pk>/", views_staff.shelter_form, name="edit"),
]
