"""Which user holds which role of which organisation, and the API tokens integrations sign in with."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import timezone

from sopan.web.catalog.models import Organisation, Role

USE_NOTED_EVERY = dt.timedelta(minutes=1)


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.role}"


class Administrator(models.Model):
    """The office's administrator (pengelola): keeps its settings and its personal-data duties."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="administrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="administrators")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="administrator_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation.code} (pengelola)"


class ApiToken(models.Model):
    """A bearer token for an integration, acting as its user. Only the SHA-256 of the token is stored, so a
    leaked database gives no usable tokens; the token itself is shown once, when it is issued."""

    PREFIX = "sopan_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for (the integration's name)")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token, hexadecimal")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["user", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``: the stored row and the raw token, which is not kept anywhere."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.hash(raw)), raw

    @classmethod
    def user_for(cls, raw: str) -> AbstractBaseUser | None:
        """The active user of a valid, unrevoked token (None otherwise); notes when it was last used."""
        if not raw.startswith(cls.PREFIX) or len(raw) > 200:
            return None
        token = cls.objects.select_related("user").filter(digest=cls.hash(raw), revoked=False).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > USE_NOTED_EVERY:
            # one write a minute at most, so a busy integration does not turn every read into a write
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
