"""The fixed structure the portal needs in Wagtail's tables, created when missing.

Runs after every `migrate` (and after the database flushes of transactional tests, which
emit the same signal), so it is idempotent: the tree root, the default locale and collection,
PortalRootPage as the root of the default site in place of Wagtail's "Welcome" page, the
所管課の承認 workflow on the portal, and the two CMS groups.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

WORKFLOW_NAME = "所管課の承認"


@transaction.atomic
def ensure_site_structure() -> Any:
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site, Workflow, WorkflowPage, WorkflowTask

    from .cms import DepartmentApprovalTask
    from .models import PortalRootPage
    from .services import ensure_cms_groups

    ContentType.objects.clear_cache()  # a test database flush leaves stale ids in the cache
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    tree_root = Page.get_first_root_node()
    if tree_root is None:
        tree_root = Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=locale,
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    portal = PortalRootPage.objects.first()
    if portal is None:
        portal = tree_root.add_child(
            instance=PortalRootPage(title="トップ", slug="portal", locale=locale)
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": portal,
            "site_name": "Kuyakusho",
        },
    )
    for welcome in Page.objects.filter(
        depth=2, slug="home", content_type=ContentType.objects.get_for_model(Page)
    ):
        if not welcome.get_children().exists():
            welcome.delete()

    if not Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        Workflow.objects.filter(name="Moderators approval").update(active=False)
        WorkflowPage.objects.filter(page=tree_root).delete()
        task = DepartmentApprovalTask.objects.create(name=WORKFLOW_NAME)
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=portal, defaults={"workflow": workflow})
    ensure_cms_groups()
    return portal
