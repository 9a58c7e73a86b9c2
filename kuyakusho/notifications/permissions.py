from kuyakusho.accounts.permissions import ADMINS, EDITORS, register

register(
    "notifications.compose", EDITORS, department_scoped=True, description="write and send messages"
)
register(
    "notifications.approve",
    EDITORS,
    department_scoped=True,
    description="second approval of emergencies",
)
register(
    "notifications.manage_topics",
    EDITORS,
    department_scoped=True,
    description="topics of the department",
)
register(
    "notifications.manage_webhooks",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="webhook endpoints",
)
register(
    "notifications.manage_areas",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="areas (地域, 町丁目, 学区) and their polygons",
)
