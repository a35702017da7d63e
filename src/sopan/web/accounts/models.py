"""Which user holds which role of which organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sopan.web.catalog.models import Role


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.role}"
