"""Department- and role-based permissions.

A permission is either department-scoped (the staff member needs one of the roles in the
department that owns the object) or ward-scoped (one of the roles in any department, or — with
`ict_division_only` — in the ICT division, or — with `crisis_management_only` — in a department
that handles crisis management, such as 防災課). Domains register their own permissions at import
time with register(); accounts.services.authorize() is the only place that decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Role

ALL_ROLES = frozenset(Role.values)
EDITORS = frozenset({Role.EDITOR, Role.APPROVER, Role.ADMIN})
APPROVERS = frozenset({Role.APPROVER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Permission:
    code: str
    roles: frozenset[str]
    department_scoped: bool
    ict_division_only: bool = False
    description: str = ""
    crisis_management_only: bool = False

    def admits(self, department) -> bool:  # noqa: ANN001 (core's Department; no import cycle)
        """Whether a membership in `department` can carry this permission at all."""
        if self.ict_division_only and not department.is_ict_division:
            return False
        return not (self.crisis_management_only and not department.is_crisis_management)


REGISTRY: dict[str, Permission] = {}


def register(
    code: str,
    roles: frozenset[str],
    *,
    department_scoped: bool,
    ict_division_only: bool = False,
    crisis_management_only: bool = False,
    description: str = "",
) -> Permission:
    permission = Permission(
        code,
        frozenset(roles),
        department_scoped,
        ict_division_only,
        description,
        crisis_management_only,
    )
    REGISTRY[code] = permission
    return permission


def get(code: str) -> Permission:
    try:
        return REGISTRY[code]
    except KeyError:
        raise LookupError(f"unknown permission {code!r}") from None


# Foundation permissions. Domains add theirs in their own permissions module.
register(
    "backoffice.access", ALL_ROLES, department_scoped=False, description="open the back office"
)
register(
    "department.view_work", ALL_ROLES, department_scoped=True, description="see a department's work"
)
register("department.edit_content", EDITORS, department_scoped=True, description="create and edit")
register("department.approve", APPROVERS, department_scoped=True, description="approve and publish")
register(
    "resident.view_personal_data",
    EDITORS,
    department_scoped=False,
    description="look up a resident (audited)",
)
register(
    "outbox.view",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="read sent mail",
)
register(
    "audit.view",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="search the audit log",
)
register(
    "ward.manage",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="edit ward settings",
)
register(
    "staff.manage",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="manage staff roles",
)
