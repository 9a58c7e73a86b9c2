from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kuyakusho.notifications"
    label = "notifications"
    verbose_name = _("配信")

    def ready(self) -> None:
        from . import channels, permissions  # noqa: F401  (register channels and permissions)
