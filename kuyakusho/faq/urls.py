from django.urls import path

from . import views_public

app_name = "faq"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("search/", views_public.search, name="search"),
    path("categories/<slug:code>/", views_public.category, name="category"),
    # Answers are addressed by number only, so their address survives a change of category.
    path("answers/<int:pk>/", views_public.answer, name="answer"),
    path("answers/<int:pk>/feedback/", views_public.feedback, name="feedback"),
    path("inquiry/", views_public.inquiry, name="inquiry"),
    path("inquiry/sent/", views_public.inquiry_sent, name="inquiry_sent"),
]
