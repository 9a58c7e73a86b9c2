from kuyakusho.accounts.permissions import APPROVERS, EDITORS, register

register(
    "portal.edit_pages",
    EDITORS,
    department_scoped=True,
    description="write and change the department's pages and notices",
)
register(
    "portal.publish_pages",
    APPROVERS,
    department_scoped=True,
    description="approve and publish the department's pages and notices (課長承認)",
)
