"""団体: registered lifelong-learning and culture groups, and the residents who manage them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuyakusho.core.models import Department

from .taxonomy import Category, EventArea


class GroupStatus(models.TextChoices):
    PENDING = "pending", _("審査中")
    APPROVED = "approved", _("登録済み")
    REJECTED = "rejected", _("差し戻し")


class Group(models.Model):
    """A group registered by a resident and approved by the department of its field.

    Name and description are untrusted text written by residents: they are stored as typed
    and rendered as plain text (events.text.render_plain_text), never as HTML.
    """

    name = models.CharField(_("団体名"), max_length=100)
    name_kana = models.CharField(_("団体名のよみがな"), max_length=100, blank=True)
    description = models.TextField(_("団体の紹介"), max_length=3000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="groups", verbose_name=_("活動の分野")
    )
    # The department that reviewed the registration and moderates the group's events.
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="groups")
    activity_area = models.ForeignKey(
        EventArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("主な活動地域"),
    )
    activity_place = models.CharField(_("活動場所・活動日"), max_length=200, blank=True)
    contact_name = models.CharField(_("連絡先の担当者名"), max_length=60)
    contact_email = models.EmailField(_("連絡先メールアドレス"))
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=20, blank=True)
    contact_public = models.BooleanField(_("連絡先を団体のページに公開する"), default=False)
    website = models.URLField(_("ウェブサイト"), blank=True, max_length=300)
    status = models.CharField(
        _("状態"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.PENDING
    )
    review_note = models.TextField(_("差し戻しの理由"), blank=True, max_length=1000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Changes when a manager creates a new invitation link, which voids the earlier one.
    invite_nonce = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_kana", "name", "pk"]
        verbose_name = _("団体")
        verbose_name_plural = _("団体")
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"group:{self.pk}"

    @property
    def is_approved(self) -> bool:
        return self.status == GroupStatus.APPROVED


class GroupManager(models.Model):
    """A resident account that manages a group: edits its profile and posts its events."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="managers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="managed_groups"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_manager_row_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.user}"
