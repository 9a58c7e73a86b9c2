from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kuyakusho.core"
    label = "core"
    verbose_name = _("基盤")

    def ready(self) -> None:
        from . import audit, checks  # noqa: F401  (checks registers system checks)
        from .page_cache import invalidate_on_audit

        audit.subscribe("*", invalidate_on_audit)
