"""Authorization by department and role: every persona against every foundation permission."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kuyakusho.accounts import permissions
from kuyakusho.accounts.services import authorize, departments_for, has_permission

from ..conftest import make_staff

# Ward-scoped permissions: (permission, persona) -> allowed
WARD_MATRIX = {
    # Alert rules and the signage override: crisis management only, whatever the role elsewhere.
    "disaster.manage_policy": {
        "crisis_staff": False,  # an editor; the rules are the 課長's
        "crisis_approver": True,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
        "resident": False,
    },
    "disaster.signage": {
        "crisis_staff": True,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
        "resident": False,
    },
    "backoffice.access": {
        "resident": False,
        "road_staff": True,
        "childcare_staff": True,
        "ict_admin": True,
        "road_viewer": True,
        "road_admin": True,
    },
    "resident.view_personal_data": {
        "resident": False,
        "road_staff": True,
        "childcare_staff": True,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    "outbox.view": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    "audit.view": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    "ward.manage": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    "notifications.manage_webhooks": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    "notifications.manage_areas": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    # FAQ reports hold no personal data: every editor may read them, in any department.
    "faq.view_reports": {
        "resident": False,
        "road_staff": True,
        "childcare_staff": True,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    "faq.manage_categories": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    # Event categories and areas: any department's approver (課長) or admin.
    "events.manage_categories": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    "staff.manage": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    # Every department's facilities, and the facility types and landmarks: the ICT division.
    "facilities.manage_all": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    "facilities.manage_settings": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
    # An alert on every signage screen: any department's admin (the ICT division, 防災).
    "signage.override": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    # The shelter registry of the whole ward: editors of crisis management (防災課) only.
    "shelters.manage": {
        "crisis_staff": True,
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
    },
    # Every shelter's status and the disaster HQ's list: anyone in crisis management.
    "shelters.report_any_status": {
        "crisis_staff": True,
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
    },
    # Staff safety confirmation: only a crisis-management department (防災計画課), whatever
    # role someone holds elsewhere — not the ICT division's admin, not another admin.
    "staff_safety.manage": {
        "crisis_staff": True,
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
    },
    # Private contact details of staff: the same people, each read audited with a purpose.
    "staff_safety.contacts": {
        "crisis_staff": True,
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
    },
    # Damage reports: anyone on the staff files one (every 職員 is a sensor in a disaster).
    "damage.report": {
        "crisis_staff": True,
        "resident": False,
        "road_staff": True,
        "childcare_staff": True,
        "ict_admin": True,
        "road_viewer": True,
        "road_admin": True,
    },
    # The disaster HQ's screen, review and exports: crisis management, whatever the role.
    "damage.manage": {
        "crisis_staff": True,
        "crisis_approver": True,
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
    },
    # Residents' names and contacts: crisis-management editors only, every read audited.
    "damage.resident_contacts": {
        "crisis_staff": True,
        "crisis_approver": True,
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
    },
    # Citizen reports: entering a phone or counter report — any editor, in any department.
    "reports.enter": {
        "resident": False,
        "road_staff": True,
        "childcare_staff": True,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    # Report categories, questions and state labels: any department's 課長 or admin.
    "reports.manage_categories": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": True,
    },
    # Open311 api_keys for integrators: the ICT division's admins only.
    "reports.manage_api_keys": {
        "resident": False,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": True,
        "road_viewer": False,
        "road_admin": False,
    },
}

# Department-scoped permissions: (permission, persona, department) -> allowed
DEPARTMENT_MATRIX = {
    # Alerts: editors of the crisis-management department, in that department only.
    ("disaster.compose_alert", "disaster"): {
        "crisis_staff": True,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "road_admin": False,
        "resident": False,
    },
    ("disaster.compose_alert", "road"): {
        "crisis_staff": False,
        "road_staff": False,  # an editor of 道路課, which does not handle crisis management
        "road_admin": False,
    },
    ("disaster.approve_alert", "disaster"): {
        "crisis_staff": True,
        "road_staff": False,
        "ict_admin": False,
        "road_admin": False,
        "resident": False,
    },
    ("department.view_work", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": True,
        "resident": False,
    },
    ("department.view_work", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("department.edit_content", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("department.edit_content", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("notifications.compose", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("notifications.compose", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("notifications.approve", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("notifications.manage_topics", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("faq.edit", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("faq.edit", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    # Inquiries hold personal data: only editors of the department they are routed to.
    ("faq.handle_inquiries", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("faq.handle_inquiries", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    # Events: editors review, publish and see participants only in their own department.
    ("events.moderate", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("events.moderate", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("events.post", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("events.post", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    ("events.view_participants", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("events.view_participants", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    # Portal pages: the department's editors write, its approvers (課長) publish.
    ("portal.edit_pages", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("portal.publish_pages", "road"): {
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("department.approve", "road"): {
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    # A department's own facilities (the ICT admin reaches them through facilities.manage_all).
    ("facilities.manage", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("facilities.manage", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    # Signage screens: the owning department's editors only.
    ("signage.manage", "road"): {
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": True,
    },
    ("signage.manage", "childcare"): {
        "road_staff": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
    },
    # A shelter's status: anyone in the department that runs it, whatever the role (the
    # person sent to the shelter may be an ordinary 職員: road_viewer).
    ("shelters.report_status", "road"): {
        "crisis_staff": False,
        "road_staff": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": True,
        "resident": False,
        "road_admin": True,
    },
    ("shelters.report_status", "disaster"): {
        "crisis_staff": True,
        "road_staff": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_viewer": False,
        "resident": False,
        "road_admin": False,
    },
    # Citizen reports: anyone in the department sees its inbox; its editors answer them and
    # read the reporter's contact (audited); nobody outside the department does either.
    ("reports.view", "road"): {
        "resident": False,
        "road_staff": True,
        "road_viewer": True,
        "childcare_staff": False,
        "ict_admin": False,
        "road_admin": True,
    },
    ("reports.handle", "road"): {
        "resident": False,
        "road_staff": True,
        "road_viewer": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_admin": True,
    },
    ("reports.contacts", "road"): {
        "resident": False,
        "road_staff": True,
        "road_viewer": False,
        "childcare_staff": False,
        "ict_admin": False,
        "road_admin": True,
    },
    ("reports.contacts", "childcare"): {
        "resident": False,
        "road_staff": False,
        "road_viewer": False,
        "childcare_staff": True,
        "ict_admin": False,
        "road_admin": False,
    },
}


@pytest.fixture
def personas(
    resident, road_staff, childcare_staff, ict_admin, crisis_staff, crisis_approver, departments
):
    return {
        "crisis_staff": crisis_staff.user,
        "crisis_approver": crisis_approver.user,
        "resident": resident.user,
        "road_staff": road_staff.user,
        "childcare_staff": childcare_staff.user,
        "ict_admin": ict_admin.user,
        "road_viewer": make_staff("road.viewer@example.jp", departments["road"], "staff").user,
        # An admin role outside the ICT division does not get ICT-division-only permissions.
        "road_admin": make_staff("road.admin@example.jp", departments["road"], "admin").user,
    }


def test_matrix_covers_every_registered_permission():
    covered = set(WARD_MATRIX) | {code for code, _dept in DEPARTMENT_MATRIX}
    assert covered == set(permissions.REGISTRY)


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(WARD_MATRIX))
def test_ward_scoped_permissions(personas, code):
    for persona, expected in WARD_MATRIX[code].items():
        user = personas[persona]
        assert has_permission(user, code) is expected, (code, persona)
        if expected:
            authorize(user, code)
        else:
            with pytest.raises(PermissionDenied):
                authorize(user, code)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "department_code"), sorted(DEPARTMENT_MATRIX))
def test_department_scoped_permissions(personas, departments, code, department_code):
    department = departments[department_code]
    for persona, expected in DEPARTMENT_MATRIX[(code, department_code)].items():
        user = personas[persona]
        assert has_permission(user, code, department) is expected, (code, department_code, persona)
        if not expected:
            with pytest.raises(PermissionDenied):
                authorize(user, code, department)


@pytest.mark.django_db
def test_department_scoped_permission_requires_a_department(personas):
    with pytest.raises(ValueError):
        authorize(personas["road_staff"], "department.edit_content")


@pytest.mark.django_db
def test_departments_for_lists_only_where_the_role_applies(personas, departments):
    assert departments_for(personas["road_staff"], "department.edit_content") == [
        departments["road"]
    ]
    assert departments_for(personas["road_viewer"], "department.edit_content") == []


@pytest.mark.django_db
def test_deactivated_staff_lose_every_permission(personas):
    user = personas["ict_admin"]
    user.is_active = False
    user.save()
    user.refresh_from_db()
    assert not has_permission(user, "audit.view")


@pytest.mark.django_db
def test_crisis_management_permissions_need_a_crisis_management_department(departments):
    """A permission registered crisis_management_only is held only through a membership in a
    department flagged as handling crisis management, whatever the role elsewhere."""
    code = "test.crisis_only"
    permissions.register(
        code, permissions.EDITORS, department_scoped=False, crisis_management_only=True
    )
    try:
        crisis = make_staff("c@example.jp", departments["disaster"], "editor").user
        road_admin = make_staff("r@example.jp", departments["road"], "admin").user
        assert has_permission(crisis, code)
        assert not has_permission(road_admin, code)
        departments["disaster"].is_crisis_management = False
        departments["disaster"].save()
        crisis = type(crisis).objects.get(pk=crisis.pk)  # memberships are cached per user
        assert not has_permission(crisis, code)
    finally:
        del permissions.REGISTRY[code]


def test_unknown_permission_is_a_programming_error():
    with pytest.raises(LookupError):
        permissions.get("no.such.permission")
