from kuyakusho.accounts.permissions import ADMINS, EDITORS, register

register(
    "faq.edit",
    EDITORS,
    department_scoped=True,
    description="write, publish and withdraw the department's FAQ answers",
)
register(
    "faq.handle_inquiries",
    EDITORS,
    department_scoped=True,
    description="read (audited), answer and close inquiries routed to the department",
)
register(
    "faq.view_reports",
    EDITORS,
    department_scoped=False,
    description="self-resolution, zero-result searches and response-time figures (no personal data)",
)
register(
    "faq.manage_categories",
    ADMINS,
    department_scoped=False,
    description="FAQ categories and the department each one routes inquiries to",
)
