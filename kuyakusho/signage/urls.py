"""Public: /signage/<slug>/ (the full-screen view) and its content.json."""

from django.urls import path

from . import views_public

app_name = "signage"
urlpatterns = [
    path("<slug:slug>/", views_public.screen_view, name="screen"),
    path("<slug:slug>/content.json", views_public.content_json, name="content"),
]
