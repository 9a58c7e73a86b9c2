from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kuyakusho.events"
    label = "events"
    verbose_name = _("イベント・団体")

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_account, register_demo_loader
        from kuyakusho.core.site_search import register_doc_type

        from . import demo, permissions  # noqa: F401  (register permissions)

        register_demo_loader(demo.load)
        register_demo_account(demo.DEMO_ACCOUNT)
        register_doc_type("event", _("イベント"), order=40)  # a kind in the site search
