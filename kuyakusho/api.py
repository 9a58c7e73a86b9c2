"""One NinjaAPI for every domain: /api/v1/... with the schema at /api/openapi.json."""

from ninja import NinjaAPI

from kuyakusho.accounts.api import router as accounts_router
from kuyakusho.core.api import router as core_router
from kuyakusho.damage.api import router as damage_router
from kuyakusho.disaster.api import router as disaster_router
from kuyakusho.events.api import router as events_router
from kuyakusho.facilities.api import router as facilities_router
from kuyakusho.faq.api import router as faq_router
from kuyakusho.notifications.api import router as notifications_router
from kuyakusho.shelters.api import router as shelters_router
from kuyakusho.signage.api import router as signage_router

api = NinjaAPI(
    title="Kuyakusho API",
    version="1.0",
    description="JSON API of the Kuyakusho ward platform.",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
api.add_router("/v1/", core_router)
api.add_router("/v1/", notifications_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", faq_router)
api.add_router("/v1/", facilities_router)
api.add_router("/v1/", events_router)
api.add_router("/v1/", signage_router)
api.add_router("/v1/", shelters_router)
api.add_router("/v1/", disaster_router)
api.add_router("/v1/", damage_router)
