"""How Wagtail's admin learns our rules: department permissions on pages, the 課長承認 step,
and a Content-Security-Policy relaxation for the CMS screens only.

Wagtail decides page permissions from group rows (GroupPagePermission). Staff get those rows
through two groups kept in step with their roles (services.sync_cms_groups); the department
of each page then narrows them here, so that an editor of 道路課 sees the whole tree but changes
only 道路課's pages, and only an approver (課長) of the page's department approves or publishes.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import PagePermissionTester, Task, TaskState

from kuyakusho.accounts.services import has_permission

# What each permission of ours allows in Wagtail's terms (actions of PagePermissionTester).
EDIT_ACTIONS = {"change", "lock", "unlock", "delete", "bulk_delete"}
PUBLISH_ACTIONS = {"publish"}


def _department(page: Any) -> Any:
    return getattr(page.specific_deferred, "responsible_department", None)


class DepartmentPagePermissionTester(PagePermissionTester):
    def __init__(self, user: Any, page: Any) -> None:
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            department = _department(page)
            if not has_permission(user, "portal.edit_pages", department):
                self.permissions -= EDIT_ACTIONS | PUBLISH_ACTIONS
            elif not has_permission(user, "portal.publish_pages", department):
                self.permissions -= PUBLISH_ACTIONS

    def can_edit(self) -> bool:
        # Wagtail also lets the owner of a page edit it with "add" alone; ours need the
        # department (a moderator of the current workflow step still may, via the task).
        if self.user.is_superuser:
            return super().can_edit()
        if "change" in self.permissions:
            return super().can_edit()
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))


class DepartmentApprovalTask(Task):
    """課長承認: approved by an approver of the page's responsible department."""

    def _may_approve(self, obj: Any, user: Any) -> bool:
        return user.is_superuser or has_permission(user, "portal.publish_pages", _department(obj))

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self._may_approve(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return not self._may_approve(obj, user)

    def user_can_lock(self, obj: Any, user: Any) -> bool:
        return self._may_approve(obj, user)

    def user_can_unlock(self, obj: Any, user: Any) -> bool:
        return False

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if self._may_approve(obj, user):
            return [
                ("reject", _("差し戻す"), True),
                ("approve", _("承認して公開する"), False),
                ("approve", _("コメントを付けて承認する"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> models.QuerySet:
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if self._may_approve(state.workflow_state.content_object, user)
        ]
        return states.filter(pk__in=allowed)

    @classmethod
    def get_description(cls) -> str:
        return str(_("ページの所管課の承認者（課長）が承認します。"))

    class Meta:
        verbose_name = _("所管課の承認")
        verbose_name_plural = _("所管課の承認")


# The staff member whose CMS request is being handled. Wagtail's publication signals do not
# say who acted (an approval publishes as part of the approver's request; its own log entry
# is written after the signal), so the audit record takes the person from here.
_acting_user: ContextVar[Any] = ContextVar("portal_acting_user", default=None)


def acting_user() -> Any:
    return _acting_user.get()


class CmsMiddleware:
    """For /staff/cms/ only: remember who acts (see acting_user), allow the inline scripts
    and styles Wagtail's admin still uses, and let it frame its own previews. Every other
    page keeps the strict policy; the CMS is behind the staff second factor."""

    PREFIX = "/staff/cms/"

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not request.path.startswith(self.PREFIX):
            return self.get_response(request)
        token = _acting_user.set(request.user if request.user.is_authenticated else None)
        try:
            response = self.get_response(request)
        finally:
            _acting_user.reset(token)
        response._csp_update = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}
        # The editor shows its preview in a frame of the same origin. Wagtail renders a
        # preview through the whole middleware stack with the page's public URL, which gives
        # it the public policy; drop that so the CMS policy below applies.
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        if "Content-Security-Policy" in response:
            del response["Content-Security-Policy"]
        return response
