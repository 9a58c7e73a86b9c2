"""Who may do what with damage reports (see docs/architecture.md, "Damage reports").

- File a report (the staff form, and from a shelter's page): anyone on the staff, whatever the
  department or role. In a disaster every 職員 who sees damage is a sensor.
- The disaster HQ's screen (every report, unverified ones too), verifying, marking duplicates,
  rejecting, the response status, publishing photos, and the exports without personal data:
  anyone on the staff of a crisis-management department (防災課), whatever the role — the HQ is
  staffed by whoever is on duty.
- A resident's name and contact (on screen or in an export): editors of crisis management
  only, every read audited with its purpose, as with staff contacts in staff safety.
"""

from kuyakusho.accounts.permissions import ALL_ROLES, EDITORS, register

register(
    "damage.report",
    ALL_ROLES,
    department_scoped=False,
    description="file a damage report from the field or a shelter",
)
register(
    "damage.manage",
    ALL_ROLES,
    department_scoped=False,
    crisis_management_only=True,
    description="see every damage report, verify, reject, mark duplicates, set the response, export",
)
register(
    "damage.resident_contacts",
    EDITORS,
    department_scoped=False,
    crisis_management_only=True,
    description="read the name and contact of residents who filed damage reports (audited)",
)
