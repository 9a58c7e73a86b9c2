from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kuyakusho.portal"
    label = "portal"
    verbose_name = _("区のホームページ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from kuyakusho.core.demo import register_demo_loader
        from kuyakusho.core.scheduler import register_periodic
        from kuyakusho.core.site_search import register_doc_type

        from . import demo, permissions, signals  # noqa: F401  (register permissions and receivers)
        from .tasks import publish_scheduled_pages

        register_periodic(
            "portal.publish_scheduled", publish_scheduled_pages, every=timedelta(minutes=1)
        )
        register_demo_loader(demo.load)
        register_doc_type("page", _("ページ"), order=10)
        register_doc_type("notice", _("お知らせ"), order=20)
        post_migrate.connect(_ensure_structure, sender=self)


def _ensure_structure(sender, **kwargs) -> None:  # type: ignore[no-untyped-def]
    from .setup import ensure_site_structure

    ensure_site_structure()
