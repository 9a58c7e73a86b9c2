from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kuyakusho.notifications"
    label = "notifications"
    verbose_name = _("配信")

    def ready(self) -> None:
        from datetime import time, timedelta

        from django.conf import settings

        from kuyakusho.core.demo import register_demo_loader
        from kuyakusho.core.scheduler import register_periodic

        from . import channels, demo, permissions  # noqa: F401  (register channels and permissions)
        from .tasks import send_daily_digests, send_due_messages

        register_periodic(
            "notifications.send_due_messages",
            send_due_messages,
            every=timedelta(seconds=settings.NOTIFICATIONS_RESUME_SECONDS),
        )
        register_periodic("notifications.daily_digest", send_daily_digests, daily_at=time(7, 0))
        register_demo_loader(demo.load)
