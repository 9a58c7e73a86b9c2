"""Who may do what with citizen reports (see docs/architecture.md, "Citizen reports").

- A department's reports (triage inbox, state, answers, assignment, notes, private photos,
  merging, forwarding, exports without personal data): its editors (担当者 and above).
- Seeing a department's inbox and figures: anyone on its staff.
- The reporter's name, e-mail and phone: the editors of the department the report is routed
  to, each read audited with a purpose.
- A report entered on a resident's behalf (phone, counter): any editor; it is routed to the
  category's department like any other.
- Categories, their questions, the labels of the states: any department's 課長 or admin.
- Open311 api_keys for integrators: the ICT division's admins.
"""

from kuyakusho.accounts.permissions import ADMINS, ALL_ROLES, APPROVERS, EDITORS, register

register(
    "reports.view",
    ALL_ROLES,
    department_scoped=True,
    description="see the department's citizen reports and figures",
)
register(
    "reports.handle",
    EDITORS,
    department_scoped=True,
    description="answer, assign, merge and forward the department's citizen reports",
)
register(
    "reports.contacts",
    EDITORS,
    department_scoped=True,
    description="read the reporter's contact details (audited)",
)
register(
    "reports.enter",
    EDITORS,
    department_scoped=False,
    description="enter a report on a resident's behalf (phone, counter)",
)
register(
    "reports.manage_categories",
    APPROVERS,
    department_scoped=False,
    description="configure report categories, questions and state labels",
)
register(
    "reports.manage_api_keys",
    ADMINS,
    department_scoped=False,
    ict_division_only=True,
    description="issue and revoke Open311 api_keys",
)
