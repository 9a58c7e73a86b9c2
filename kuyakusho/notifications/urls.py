from django.urls import path

from . import views_public

app_name = "notifications"
urlpatterns = [
    path("", views_public.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views_public.confirm, name="confirm"),
    path("manage/<str:token>/", views_public.manage, name="manage"),
    path("unsubscribe/<str:token>/", views_public.unsubscribe, name="unsubscribe"),
    path("inbox/", views_public.inbox, name="inbox"),
    path("inbox/<int:pk>/", views_public.inbox_item, name="inbox_item"),
    path("topics/<slug:code>/feed.atom", views_public.topic_feed, name="topic_feed"),
]
