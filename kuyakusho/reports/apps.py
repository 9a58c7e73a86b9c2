from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kuyakusho.reports"
    label = "reports"
    verbose_name = _("区民レポート")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_loader, register_demo_note
        from kuyakusho.core.middleware import allow_larger_body

        from . import demo, permissions  # noqa: F401  (registers the permissions)

        register_demo_loader(demo.load)
        register_demo_note(demo.note_lines)
        # Up to three phone photos of up to 40 MB each reach the form, which refuses a
        # too-large one by name and keeps the rest of what was typed.
        for path in ("/reports/new/", "/open311/v2/requests."):
            allow_larger_body(path, 3 * 40 * 1024 * 1024 + 1024 * 1024)
