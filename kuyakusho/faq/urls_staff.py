from django.urls import path

from . import views_staff, views_staff_inquiries

app_name = "faq"
urlpatterns = [
    path("", views_staff.home, name="home"),
    path("answers/new/", views_staff.answer_form, name="answer_new"),
    path("answers/<int:pk>/", views_staff.answer_form, name="answer_edit"),
    path("answers/<int:pk>/publish/", views_staff.answer_publish, name="answer_publish"),
    path("answers/<int:pk>/withdraw/", views_staff.answer_withdraw, name="answer_withdraw"),
    path("categories/", views_staff.categories, name="categories"),
    path("categories/<int:pk>/", views_staff.categories, name="category"),
    path("reports/resolution/", views_staff.resolution_report, name="resolution_report"),
    path("reports/zero-results/", views_staff.zero_results_report, name="zero_results_report"),
    path("inquiries/", views_staff_inquiries.inbox, name="inquiries"),
    path("inquiries/figures/", views_staff_inquiries.figures, name="inquiry_figures"),
    path("inquiries/<int:pk>/", views_staff_inquiries.detail, name="inquiry"),
    path("inquiries/<int:pk>/reply/", views_staff_inquiries.reply, name="inquiry_reply"),
    path("inquiries/<int:pk>/close/", views_staff_inquiries.close, name="inquiry_close"),
    path("inquiries/<int:pk>/transfer/", views_staff_inquiries.transfer, name="inquiry_transfer"),
]
