from kuyakusho.accounts.permissions import ADMINS, EDITORS, register

register(
    "facilities.manage",
    EDITORS,
    department_scoped=True,
    description="create, edit, publish and unpublish the department's facilities",
)
register(
    "facilities.manage_all",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="manage the facilities of every department",
)
register(
    "facilities.manage_settings",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="facility types and the landmarks of 'near me'",
)
