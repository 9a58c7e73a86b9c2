from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "kuyakusho.facilities"
    label = "facilities"
    verbose_name = _("施設")

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_loader
        from kuyakusho.core.site_search import register_doc_type

        from . import demo, permissions  # noqa: F401  (registers the permissions)

        register_demo_loader(demo.load)
        register_doc_type("facility", _("施設"), order=50)  # a kind in the site search
