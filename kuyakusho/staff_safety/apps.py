from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffSafetyConfig(AppConfig):
    name = "kuyakusho.staff_safety"
    label = "staff_safety"
    verbose_name = _("職員安否確認")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from kuyakusho.core.demo import register_demo_account, register_demo_loader
        from kuyakusho.core.scheduler import register_periodic

        from . import demo, permissions  # noqa: F401  (registers the permissions)
        from .tasks import hand_out_due_work

        # Reminders are due at the minute; the scheduler adds up to a heartbeat (~10 s).
        register_periodic("staff_safety.due_work", hand_out_due_work, every=timedelta(seconds=60))
        register_demo_loader(demo.load)
        register_demo_account(demo.DEMO_ACCOUNT)
