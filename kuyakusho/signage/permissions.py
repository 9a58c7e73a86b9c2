from kuyakusho.accounts.permissions import ADMINS, EDITORS, register

register(
    "signage.manage",
    EDITORS,
    department_scoped=True,
    description="create and change the department's signage screens",
)
# Any department's admin, so that the ICT division and 防災 can both switch every screen to an
# alert; the disaster domain adds its own source with its own permission (services.py).
register(
    "signage.override",
    ADMINS,
    department_scoped=False,
    description="put a manual alert on every signage screen, and take it off",
)
