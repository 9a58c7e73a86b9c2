from django.urls import path

from . import views_public

app_name = "accounts"
urlpatterns = [
    path("", views_public.mypage, name="mypage"),
    path("profile/", views_public.profile, name="profile"),
]
