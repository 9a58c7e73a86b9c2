"""Who may do what with alerts. Every permission here is held only through a department that
handles crisis management (Department.is_crisis_management, e.g. 防災課)."""

from kuyakusho.accounts.permissions import APPROVERS, EDITORS, register

register(
    "disaster.compose_alert",
    EDITORS,
    department_scoped=True,
    crisis_management_only=True,
    description="compose, submit, update and lift the department's alerts",
)
# The second person: any other editor of the department, since at night the 課長 may be the
# one still on the way in. The services refuse the author as their own approver.
register(
    "disaster.approve_alert",
    EDITORS,
    department_scoped=True,
    crisis_management_only=True,
    description="approve another person's alert (the two-person rule)",
)
register(
    "disaster.manage_policy",
    APPROVERS,
    department_scoped=False,
    crisis_management_only=True,
    description="the ward's alert rules (two-person rule, notification topic)",
)
# Signage overrides are ward-wide; publishing an alert puts it on every screen.
register(
    "disaster.signage",
    EDITORS,
    department_scoped=False,
    crisis_management_only=True,
    description="put published alerts on every signage screen",
)
