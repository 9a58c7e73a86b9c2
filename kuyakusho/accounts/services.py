"""Account state changes and authorization. Views and other domains call these functions."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department

from . import permissions
from .models import Child, ResidentProfile, Role, StaffMembership, User

PROFILE_FIELDS = [
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "postal_code",
    "address",
    "phone",
    "birth_date",
    "sex",
]


def _memberships(user: Any) -> list[StaffMembership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_kuyakusho_memberships", None)
    if cached is None:
        cached = list(StaffMembership.objects.select_related("department").filter(user=user))
        user._kuyakusho_memberships = cached
    return cached


def has_permission(user: Any, code: str, department: Department | None = None) -> bool:
    permission = permissions.get(code)
    for membership in _memberships(user):
        if membership.role not in permission.roles:
            continue
        if not permission.admits(membership.department):
            continue
        if permission.department_scoped:
            if department is None or membership.department_id != department.pk:
                continue
        return True
    return False


def authorize(user: Any, code: str, department: Department | None = None) -> None:
    """Raise PermissionDenied unless `user` holds `code` (for `department` when scoped)."""
    permission = permissions.get(code)
    if permission.department_scoped and department is None:
        raise ValueError(f"{code} is department-scoped: pass the owning department")
    if not has_permission(user, code, department):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


def departments_for(user: Any, code: str) -> list[Department]:
    """The departments in which `user` holds the department-scoped permission `code`."""
    permission = permissions.get(code)
    return [
        m.department
        for m in _memberships(user)
        if m.role in permission.roles and permission.admits(m.department)
    ]


def is_ward_staff(user: Any) -> bool:
    return bool(_memberships(user))


@transaction.atomic
def update_profile(user: User, *, actor: Any, **fields: Any) -> ResidentProfile:
    profile, _created = ResidentProfile.objects.get_or_create(user=user)
    changed = []
    for name in PROFILE_FIELDS:
        if name in fields and getattr(profile, name) != fields[name]:
            setattr(profile, name, fields[name])
            changed.append(name)
    if changed:
        profile.save()
        # Field names only: the audit record must not copy the personal data itself.
        log_action(actor, "accounts.profile.updated", profile, {"fields": changed})
    return profile


@transaction.atomic
def update_preferences(
    user: User,
    *,
    language: str | None = None,
    text_size: str | None = None,
    furigana: bool | None = None,
) -> User:
    fields = []
    if language is not None and language != user.preferred_language:
        user.preferred_language, fields = language, [*fields, "preferred_language"]
    if text_size is not None and text_size != user.text_size:
        user.text_size, fields = text_size, [*fields, "text_size"]
    if furigana is not None and furigana != user.furigana:
        user.furigana, fields = furigana, [*fields, "furigana"]
    if fields:
        user.save(update_fields=fields)
    return user


def read_resident_profile(staff: Any, resident: User, *, purpose: str) -> ResidentProfile:
    """A staff read of a resident's personal data: authorized and written to the audit log."""
    authorize(staff, "resident.view_personal_data")
    if not purpose.strip():
        raise ValueError("a purpose is required to read personal data")
    profile, _created = ResidentProfile.objects.get_or_create(user=resident)
    log_action(staff, "accounts.resident.personal_data_read", resident, {"purpose": purpose[:200]})
    return profile


def find_residents(staff: Any, *, email: str) -> list[User]:
    authorize(staff, "resident.view_personal_data")
    matches = list(User.objects.filter(email__iexact=email.strip(), memberships__isnull=True)[:20])
    log_action(staff, "accounts.resident.searched", None, {"matches": len(matches)})
    return matches


@transaction.atomic
def assign_role(actor: Any, user: User, department: Department, role: str) -> StaffMembership:
    authorize(actor, "staff.manage")
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, _created = StaffMembership.objects.update_or_create(
        user=user, department=department, defaults={"role": role}
    )
    log_action(
        actor, "accounts.staff.role_assigned", user, {"department": department.code, "role": role}
    )
    return membership


@transaction.atomic
def create_staff(
    *, email: str, password: str, department: Department, role: str, actor: Any = None
) -> User:
    """Create a staff account (CLI and demo data). The person enrols a second factor at first
    sign-in; the back office stays closed until they do."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password)
    StaffMembership.objects.update_or_create(
        user=user, department=department, defaults={"role": role}
    )
    _mark_email_verified(user)
    log_action(actor, "accounts.staff.created", user, {"department": department.code, "role": role})
    return user


def _mark_email_verified(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def user_ids_in_age_range(age_min: int | None, age_max: int | None, today: date) -> QuerySet:
    """Ids of users whose profile birth date puts them in [age_min, age_max] today. Callers
    must only use this for people who consented to profile-based targeting."""
    profiles = ResidentProfile.objects.filter(birth_date__isnull=False)
    if age_min is not None:
        profiles = profiles.filter(birth_date__lte=_years_before(today, age_min))
    if age_max is not None:
        profiles = profiles.filter(birth_date__gt=_years_before(today, age_max + 1))
    return profiles.values("user_id")


# Children are registered up to this age; notifications target child ages 0 to CHILD_MAX_AGE.
CHILD_MAX_AGE = 18
MAX_CHILDREN = 12


def age_on(birth_date: date, today: date) -> int:
    """Age in completed years. A birthday on 29 February is reached on 1 March in other years
    (as 年齢計算ニ関スル法律 counts it: the age is attained at the end of 28 February)."""
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def children_of(user: User) -> QuerySet[Child]:
    return Child.objects.filter(user=user)


def check_child_birth_date(birth_date: date, today: date) -> None:
    """Refuse a birth date in the future or more than CHILD_MAX_AGE years before today."""
    if birth_date > today:
        message = _("未来の日付は入力できません。お子さんの生年月日を入力してください。")
        raise ValidationError({"birth_date": ValidationError(message, code="future")})
    earliest = _years_before(today, CHILD_MAX_AGE)
    if birth_date < earliest:
        message = _(
            "登録できるのは%(years)s歳までのお子さんです。%(earliest)s以降の生年月日を入力してください。"
        ) % {"years": CHILD_MAX_AGE, "earliest": earliest.isoformat()}
        raise ValidationError({"birth_date": ValidationError(message, code="too_old")})


@transaction.atomic
def add_child(
    user: User, *, birth_date: date, label: str = "", actor: Any, today: date | None = None
) -> Child:
    check_child_birth_date(birth_date, today or timezone.localdate())
    label = unicodedata.normalize("NFKC", label or "").strip()
    if len(label) > Child._meta.get_field("label").max_length:
        message = _("呼び名は20文字以内にしてください。")
        raise ValidationError({"label": ValidationError(message, code="too_long")})
    # Lock the account row so that two requests at once cannot pass the limit together.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if children_of(user).count() >= MAX_CHILDREN:
        raise ValidationError(
            _("登録できるお子さんは%(limit)s人までです。") % {"limit": MAX_CHILDREN},
            code="too_many",
        )
    child = Child.objects.create(user=user, birth_date=birth_date, label=label)
    # No birth date or label in the record: the audit log must not copy the personal data.
    log_action(actor, "accounts.child.added", user, {"child": child.pk})
    return child


@transaction.atomic
def remove_child(child: Child, *, actor: Any) -> None:
    """Delete one child record. Callers find `child` among children_of(the signed-in user)."""
    user, child_pk = child.user, child.pk
    child.delete()
    log_action(actor, "accounts.child.removed", user, {"child": child_pk})


def user_ids_with_child_aged(min_years: int | None, max_years: int | None, today: date) -> QuerySet:
    """Ids of users with at least one child aged [min_years, max_years] (completed years) today.
    Callers must only use this for people who consented to profile-based targeting."""
    children = Child.objects.all()
    if min_years is not None:
        children = children.filter(birth_date__lte=_years_before(today, min_years))
    if max_years is not None:
        children = children.filter(birth_date__gt=_years_before(today, max_years + 1))
    return children.values("user_id")


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def active_staff_memberships() -> QuerySet:
    """(user id, department id) of every membership of an active account: who is staff now, and
    where. Domains that address all staff (staff safety confirmation) read it through here."""
    return StaffMembership.objects.filter(user__is_active=True).values_list(
        "user_id", "department_id"
    )


def active_staff_users() -> QuerySet[User]:
    """Active accounts with at least one staff membership, departments prefetched."""
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .distinct()
        .order_by("email")
        .prefetch_related("memberships__department")
    )


def staff_of(department: Department, code: str) -> list[User]:
    """Active users who hold the department-scoped permission `code` in `department` (the
    people a piece of that department's work may be assigned to)."""
    permission = permissions.get(code)
    rows = StaffMembership.objects.filter(
        department=department, role__in=permission.roles, user__is_active=True
    ).select_related("user", "department")
    return sorted(
        (m.user for m in rows if permission.admits(m.department)), key=lambda user: user.email
    )
