from django.urls import path

from . import views_public

urlpatterns = [
    path("", views_public.home, name="home"),
    path("healthz", views_public.healthz, name="healthz"),
    path("lang/<str:code>/", views_public.switch_language, name="switch_language"),
    path("preferences/", views_public.display_preferences, name="display_preferences"),
    path("search/", views_public.search, name="search"),
]
