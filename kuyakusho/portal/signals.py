"""Receivers: Wagtail's publication signals and sign-ins / role changes (CMS groups)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished

from kuyakusho.accounts.models import StaffMembership

from . import services
from .cms import acting_user
from .models import ContentPage, LifeAreaPage, NoticePage

PORTAL_PAGES = (LifeAreaPage, ContentPage, NoticePage)


@receiver(page_published)
def _published(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    if isinstance(instance, PORTAL_PAGES):
        # A scheduled publication has no request: the person who approved the revision acts.
        services.page_went_live(instance, acting_user() or getattr(revision, "user", None))


@receiver(page_unpublished)
def _unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, PORTAL_PAGES):
        services.page_went_away(instance, acting_user(), "portal.page.unpublished")


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.page_went_away(instance, acting_user(), "portal.page.deleted")


for _model in PORTAL_PAGES:
    pre_delete.connect(_deleted, sender=_model, dispatch_uid=f"portal-deleted-{_model.__name__}")


@receiver(post_save, sender=get_document_model())
def _document_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        services.document_added(instance, acting_user())


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.sync_cms_groups(user)


@receiver([post_save, post_delete], sender=StaffMembership)
def _role_changed(sender: Any, instance: StaffMembership, **kwargs: Any) -> None:
    user = instance.user
    transaction.on_commit(lambda: services.sync_cms_groups(user))
