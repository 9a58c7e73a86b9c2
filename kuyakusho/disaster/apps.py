from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisasterConfig(AppConfig):
    name = "kuyakusho.disaster"
    label = "disaster"
    verbose_name = _("防災")

    def ready(self) -> None:
        from kuyakusho.core.audit import subscribe
        from kuyakusho.core.banners import register_banner_provider
        from kuyakusho.core.demo import register_demo_loader
        from kuyakusho.core.scheduler import register_periodic
        from kuyakusho.signage.services import register_override_source

        from . import demo, permissions  # noqa: F401  (registers the permissions)
        from .banner import alert_banners
        from .page_sections import refresh_on_shelter_change, shelters_section
        from .publication import SIGNAGE_SOURCE, register_page_section
        from .tasks import read_jma_messages, refresh_public_outputs

        register_banner_provider(alert_banners)
        register_page_section(shelters_section)
        subscribe("shelters.status.changed", refresh_on_shelter_change)
        register_override_source(SIGNAGE_SOURCE, _("災害情報"), permission="disaster.signage")
        register_periodic(
            "disaster.refresh_public_outputs", refresh_public_outputs, every=timedelta(minutes=1)
        )
        register_periodic(
            "disaster.read_jma_messages", read_jma_messages, every=timedelta(seconds=20)
        )
        register_demo_loader(demo.load)
