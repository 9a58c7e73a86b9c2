from kuyakusho.accounts.permissions import EDITORS, register

# Both held only in a department with the crisis-management charge (防災課・危機管理課).
register(
    "staff_safety.manage",
    EDITORS,
    department_scoped=False,
    crisis_management_only=True,
    description="start and close staff safety confirmations, see and export the replies",
)
register(
    "staff_safety.contacts",
    EDITORS,
    department_scoped=False,
    crisis_management_only=True,
    description="read and correct staff members' private contact details (audited)",
)
