from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kuyakusho.accounts"
    label = "accounts"
    verbose_name = _("アカウント")

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_loader

        from . import demo, signals  # noqa: F401

        register_demo_loader(demo.load)
