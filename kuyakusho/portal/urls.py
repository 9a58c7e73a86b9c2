from django.urls import path

from . import views

app_name = "portal"

# Before Wagtail's catch-all in kuyakusho/urls.py; page slugs never contain a dot.
urlpatterns = [
    path("notices/feed.atom", views.notices_feed, name="notices_feed"),
]
