from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api

urlpatterns = [
    path("", include("kuyakusho.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("mypage/", include("kuyakusho.accounts.urls")),
    path("notifications/", include("kuyakusho.notifications.urls")),
    path("faq/", include("kuyakusho.faq.urls")),
    path("", include("kuyakusho.facilities.urls")),
    path("", include("kuyakusho.events.urls")),  # /events/…, /events.ics
    path("signage/", include("kuyakusho.signage.urls")),
    path("", include("kuyakusho.disaster.urls")),  # /disaster/, /alerts/cap.atom
    path("", include("kuyakusho.shelters.urls")),  # /shelters/…, /shelters.geojson
    path("", include("kuyakusho.damage.urls")),  # /damage/…, /damage.geojson
    path("", include("kuyakusho.reports.urls")),  # /reports/…, /reports.geojson
    path("open311/", include("kuyakusho.reports.urls_open311")),  # Open311 GeoReport v2
    path("safety/", include("kuyakusho.staff_safety.urls")),  # reply links in safety messages
    path("", include("kuyakusho.portal.urls")),  # /notices/feed.atom
    path("staff/cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("staff/", include("kuyakusho.core.urls_staff")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Only public files (the ward emblem) are served from media; private uploads never are.
    path("media/ward/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "ward"}),
    # Last: every other path is a page of the portal tree (/kurashi/…, /notices/…).
    path("", include(wagtail_urls)),
]

handler400 = "kuyakusho.core.views_errors.bad_request"
handler403 = "kuyakusho.core.views_errors.permission_denied"
handler404 = "kuyakusho.core.views_errors.page_not_found"
handler500 = "kuyakusho.core.views_errors.server_error"
