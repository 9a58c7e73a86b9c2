from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DamageConfig(AppConfig):
    name = "kuyakusho.damage"
    label = "damage"
    verbose_name = _("被害報告")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_loader

        from . import demo, permissions  # noqa: F401  (registers the permissions)

        register_demo_loader(demo.load)
