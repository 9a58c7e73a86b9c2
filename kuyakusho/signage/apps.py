from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignageConfig(AppConfig):
    name = "kuyakusho.signage"
    label = "signage"
    verbose_name = _("デジタルサイネージ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_loader

        from . import demo, permissions  # noqa: F401  (registers the permissions)

        register_demo_loader(demo.load)
