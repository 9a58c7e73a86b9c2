"""Portal state changes: who may use the CMS, and what happens when a page goes live or away
(audit record, site search, the push of a notice to subscribers)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import strip_tags

from kuyakusho.accounts.services import departments_for
from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department
from kuyakusho.core.search import SearchEntry, index_documents, remove_document

logger = logging.getLogger(__name__)

EDITORS_GROUP = "CMS: 編集者"
APPROVERS_GROUP = "CMS: 承認者"
# Wagtail actions granted at the tree root; cms.DepartmentPagePermissionTester narrows them
# to the pages of the person's departments.
EDITOR_PAGE_ACTIONS = ["add_page", "change_page", "lock_page", "unlock_page", "delete_page"]
APPROVER_PAGE_ACTIONS = [*EDITOR_PAGE_ACTIONS, "publish_page"]
DOCUMENT_ACTIONS = ["add_document", "change_document", "choose_document"]


def editable_departments(user: Any) -> list[Department]:
    return departments_for(user, "portal.edit_pages")


def ensure_cms_groups() -> tuple[Group, Group]:
    """The two groups and their Wagtail permissions; safe to call any number of times."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = []
    for name, actions in (
        (EDITORS_GROUP, EDITOR_PAGE_ACTIONS),
        (APPROVERS_GROUP, APPROVER_PAGE_ACTIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in actions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for codename in DOCUMENT_ACTIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtaildocs", codename=codename
                ),
            )
        groups.append(group)
    return groups[0], groups[1]


def sync_cms_groups(user: Any) -> None:
    """Put a staff member in the CMS groups their roles call for, and out of the others.
    Runs at every sign-in and whenever a membership changes."""
    if not user.pk or not type(user).objects.filter(pk=user.pk, is_active=True).exists():
        return
    editors, approvers = ensure_cms_groups()
    wanted = set()
    if departments_for(user, "portal.edit_pages"):
        wanted.add(editors)
    if departments_for(user, "portal.publish_pages"):
        wanted.add(approvers)
    for group in (editors, approvers):
        if group in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)


# --- publication -------------------------------------------------------------------------


def _search_entries(page: Any) -> list[SearchEntry]:
    from .models import ContentPage, LifeAreaPage, NoticePage

    doc_type = "notice" if isinstance(page, NoticePage) else "page"
    url = page.url or ""
    key = str(page.pk)
    if isinstance(page, NoticePage):
        ja_body, en_body = (
            f"{page.summary}\n{strip_tags(page.body)}",
            f"{page.summary_en}\n{strip_tags(page.body_en)}",
        )
    elif isinstance(page, ContentPage):
        ja_body, en_body = strip_tags(page.body), strip_tags(page.body_en)
    elif isinstance(page, LifeAreaPage):
        ja_body, en_body = page.intro, page.intro_en
    else:
        return []
    entries = [SearchEntry(doc_type, key, "ja", page.title, ja_body, url)]
    if page.title_en:
        entries.append(SearchEntry(doc_type, key, "en", page.title_en, en_body, url))
    return entries


def page_went_live(page: Any, actor: Any) -> None:
    """After a page is published: audit, search index, and the first push of a notice."""
    page = page.specific
    department = getattr(page, "responsible_department", None)
    log_action(
        actor,
        "portal.page.published",
        page,
        {"title": page.title, "department": department.code if department else None},
    )
    entries = _search_entries(page)
    if entries:
        doc_type = entries[0].doc_type
        if not page.title_en:
            remove_document(doc_type, str(page.pk), "en")
        index_documents(entries)
    push_notice_once(page, actor)


def page_went_away(page: Any, actor: Any, verb: str) -> None:
    """After a page is unpublished or deleted: audit and drop it from the site search."""
    page = page.specific
    log_action(actor, verb, page, {"title": page.title})
    for doc_type in ("page", "notice"):
        remove_document(doc_type, str(page.pk))


def document_added(document: Any, actor: Any) -> None:
    """After an attachment is uploaded (forms.DocumentForm has checked what the file is)."""
    log_action(
        actor,
        "portal.document.added",
        document,
        {
            "title": document.title,
            "extension": document.file_extension,
            "size": document.file_size,
            "sha1": document.file_hash,
        },
    )


def push_notice_once(page: Any, actor: Any) -> int | None:
    """Send a notice marked for it to the topic's subscribers, once (later corrections are
    not sent again). Returns the notification message id, or None."""
    from kuyakusho.notifications import services as notifications

    from .models import NoticePage

    if not isinstance(page, NoticePage) or page.notify_topic_id is None or page.notified_message_id:
        return None
    link = page.full_url or page.url or ""
    texts = {"ja": (page.title, f"{page.summary}\n\n{link}")}
    if page.title_en:
        texts["en"] = (page.title_en, f"{page.summary_en or page.summary}\n\n{link}")
    try:
        with transaction.atomic():
            message = notifications.save_draft(
                actor,
                topic=page.notify_topic,
                channels=["email", "inbox", "feed"],
                texts=texts,
                areas=list(page.areas.all()),
            )
            notifications.submit(actor, message)
            type(page).objects.filter(pk=page.pk).update(notified_message_id=message.pk)
    except (PermissionDenied, ValidationError) as error:
        # The page is live either way; the failed push is on record for the department.
        log_action(actor, "portal.notice.push_failed", page, {"reason": type(error).__name__})
        return None
    log_action(actor, "portal.notice.pushed", page, {"message": message.pk})
    return message.pk
