from django.urls import include, path

from . import views_staff

app_name = "staff"
urlpatterns = [
    path("", views_staff.dashboard, name="dashboard"),
    path("outbox/", views_staff.outbox, name="outbox"),
    path("outbox/<int:pk>/", views_staff.outbox_message, name="outbox_message"),
    path("audit/", views_staff.audit_log, name="audit_log"),
    path("ward/", views_staff.ward_settings, name="ward_settings"),
    path("", include("kuyakusho.accounts.urls_staff")),
    # Domain back offices nest here so that their names read staff:<domain>:<page>.
    path("notifications/", include("kuyakusho.notifications.urls_staff")),
    path("faq/", include("kuyakusho.faq.urls_staff")),
    path("facilities/", include("kuyakusho.facilities.urls_staff")),
    path("events/", include("kuyakusho.events.urls_staff")),
    path("signage/", include("kuyakusho.signage.urls_staff")),
    path("disaster/", include("kuyakusho.disaster.urls_staff")),
    path("shelters/", include("kuyakusho.shelters.urls_staff")),
    path("safety/", include("kuyakusho.staff_safety.urls_staff")),
    path("damage/", include("kuyakusho.damage.urls_staff")),
    path("reports/", include("kuyakusho.reports.urls_staff")),
]
