from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "kuyakusho.faq"
    label = "faq"
    verbose_name = _("よくある質問")

    def ready(self) -> None:
        from kuyakusho.core.demo import register_demo_loader
        from kuyakusho.core.site_search import register_doc_type

        from . import demo, permissions  # noqa: F401  (register permissions)

        register_demo_loader(demo.load)
        register_doc_type("faq", _("よくある質問"), order=30)  # a kind in the site search
