"""Who may do what with shelters (see docs/architecture.md, "Shelters").

- The registry (create, edit, deactivate; the staff-only contact of every shelter): editors of
  the crisis-management department (防災課), which designates shelters for the whole ward.
- Status and head count of one shelter: anyone on the staff of the department that runs it,
  whatever their role. In a disaster the people at a shelter are whoever was sent there (職員,
  not necessarily 担当者), and a phone with the simple form is all they have.
- Status of every shelter, and the disaster HQ's list of all of them: anyone on the staff of
  the crisis-management department, whatever their role (the HQ corrects a number phoned in).
"""

from kuyakusho.accounts.permissions import ALL_ROLES, EDITORS, register

register(
    "shelters.manage",
    EDITORS,
    department_scoped=False,
    crisis_management_only=True,
    description="create and edit the shelter registry of the whole ward",
)
register(
    "shelters.report_status",
    ALL_ROLES,
    department_scoped=True,
    description="open, mark full or close the department's shelters and report head counts",
)
register(
    "shelters.report_any_status",
    ALL_ROLES,
    department_scoped=False,
    crisis_management_only=True,
    description="update the status of every shelter and see the disaster HQ's list",
)
