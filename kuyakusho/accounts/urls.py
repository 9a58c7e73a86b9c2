from django.urls import path

from . import views_public

app_name = "accounts"
urlpatterns = [
    path("", views_public.mypage, name="mypage"),
    path("profile/", views_public.profile, name="profile"),
    path("children/", views_public.children, name="children"),
    path("children/<int:pk>/delete/", views_public.remove_child, name="remove_child"),
]
