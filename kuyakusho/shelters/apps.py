from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "kuyakusho.shelters"
    label = "shelters"
    verbose_name = _("避難所")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_account, register_demo_loader

        from . import demo, permissions  # noqa: F401  (registers the permissions)

        register_demo_loader(demo.load)
        for account in demo.DEMO_ACCOUNTS:
            register_demo_account(account)
