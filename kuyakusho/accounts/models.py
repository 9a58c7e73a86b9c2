from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class TextSize(models.TextChoices):
    NORMAL = "normal", _("標準")
    LARGE = "large", _("大")
    XLARGE = "xlarge", _("特大")


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: residents and staff. Staff are users with a StaffMembership.

    `is_staff` keeps Django's meaning (may open Django admin) and is only for superusers.
    """

    email = models.EmailField(_("メールアドレス"), unique=True)
    is_active = models.BooleanField(_("有効"), default=True)
    is_staff = models.BooleanField(_("管理サイトの利用"), default=False)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)
    preferred_language = models.CharField(_("表示言語"), max_length=12, blank=True)
    text_size = models.CharField(
        _("文字の大きさ"), max_length=10, choices=TextSize.choices, default=TextSize.NORMAL
    )
    furigana = models.BooleanField(_("ふりがなを表示"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return f"user:{self.pk}"

    @property
    def is_ward_staff(self) -> bool:
        return self.memberships.exists()


class Sex(models.TextChoices):
    FEMALE = "female", _("女性")
    MALE = "male", _("男性")
    OTHER = "other", _("その他")
    UNANSWERED = "unanswered", _("回答しない")


class ResidentProfile(models.Model):
    """Personal data of a resident. Every field is optional until a service needs it;
    staff reads of this row are audited (accounts.services.read_resident_profile)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    family_name = models.CharField(_("姓"), max_length=50, blank=True)
    given_name = models.CharField(_("名"), max_length=50, blank=True)
    family_name_kana = models.CharField(_("せい（ふりがな）"), max_length=50, blank=True)
    given_name_kana = models.CharField(_("めい（ふりがな）"), max_length=50, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    sex = models.CharField(_("性別"), max_length=12, choices=Sex.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("区民プロフィール")
        verbose_name_plural = _("区民プロフィール")

    def __str__(self) -> str:
        return f"profile:{self.pk}"


class Child(models.Model):
    """A resident's child, registered by the resident on マイページ. Only a birth date and an
    optional label the resident chooses (no name is needed): used to send information suited to
    the child's age, and only to residents who consented to profile-based targeting."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="children")
    birth_date = models.DateField(_("生年月日"), db_index=True)
    label = models.CharField(_("呼び名"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["birth_date", "pk"]
        verbose_name = _("子ども")
        verbose_name_plural = _("子ども")

    def __str__(self) -> str:
        return f"child:{self.pk}"


class Role(models.TextChoices):
    STAFF = "staff", _("職員")
    EDITOR = "editor", _("担当者")
    APPROVER = "approver", _("承認者（課長）")
    ADMIN = "admin", _("システム管理者")


class StaffMembership(models.Model):
    """A staff member's role in one department (所管課). Authorization is by these rows."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("役割"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("職員の所属")
        verbose_name_plural = _("職員の所属")
        constraints = [
            models.UniqueConstraint(fields=["user", "department"], name="one_role_per_department")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.department.code} {self.role}"
