"""Public: the reply form behind each safety message's link (/safety/reply/<token>/)."""

from django.urls import path

from . import views_public

app_name = "staff_safety"
urlpatterns = [
    path("reply/<str:token>/", views_public.reply, name="reply"),
]
