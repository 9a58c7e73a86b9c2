from kuyakusho.accounts.permissions import APPROVERS, EDITORS, register

register(
    "events.moderate",
    EDITORS,
    department_scoped=True,
    description="review group registrations and the groups' events",
)
register(
    "events.post",
    EDITORS,
    department_scoped=True,
    description="publish, change and cancel the department's own events",
)
register(
    "events.view_participants",
    EDITORS,
    department_scoped=True,
    description="participant lists and CSV of the department's events (audited)",
)
register(
    "events.manage_categories",
    APPROVERS,
    department_scoped=False,
    description="event categories and areas",
)
