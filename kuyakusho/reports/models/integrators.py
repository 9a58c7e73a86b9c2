"""Open311 api_keys issued to integrators. Only a hash of the key is stored: the key is shown
once, when it is issued."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    integrator = models.CharField(_("連携先の名前"), max_length=100)
    contact = models.CharField(_("連携先の連絡先"), max_length=200, blank=True)
    prefix = models.CharField(max_length=8, help_text=_("見分けるための最初の8文字"))
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Open311 の api_key")
        verbose_name_plural = _("Open311 の api_key")

    def __str__(self) -> str:
        return f"{self.integrator} ({self.prefix}…)"
