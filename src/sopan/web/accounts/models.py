"""Which user holds which role of which organisation and when, the staff record, API tokens and the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from sopan.web.catalog.models import Organisation, Role

USE_NOTED_EVERY = dt.timedelta(minutes=1)


class RoleAssignment(models.Model):
    """A user holding a role: definitif, or Plt/Plh for a period. Removing one ends it (``ended_at``); the row
    stays as the role's history. The role counts only while :func:`holding` is true."""

    class Kind(models.TextChoices):
        DEFINITIF = "definitif", "Definitif"
        PLT = "plt", "Plt (pelaksana tugas)"
        PLH = "plh", "Plh (pelaksana harian)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DEFINITIF)
    valid_from = models.DateField(null=True, blank=True, help_text="First day held (inclusive); empty: from now")
    valid_until = models.DateField(null=True, blank=True, help_text="Last day held (inclusive); empty: open")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When it was removed; kept as history")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="assignment_period_order",
            )
        ]
        indexes = [models.Index(fields=["user", "role"], name="assignment_user_role")]

    def __str__(self) -> str:
        return f"{self.user} → {self.role} ({self.kind})"

    @property
    def current(self) -> bool:
        """Whether it gives the role today."""
        return self.holds_on(timezone.localdate())

    def holds_on(self, day: dt.date) -> bool:
        """Whether this assignment gives the role on ``day`` (not removed, inside its period)."""
        return (
            self.ended_at is None
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or self.valid_until >= day)
        )


def holding(day: dt.date | None = None, prefix: str = "") -> Q:
    """The assignments that give their role on ``day`` (today, in the server's zone): not removed, in period.
    ``prefix`` reaches them through a relation (``"role_assignments__"``)."""
    day = day or timezone.localdate()
    return (
        Q(**{f"{prefix}ended_at__isnull": True})
        & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day}))
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
    )


class Staff(models.Model):
    """What an office keeps about a user beyond Django's account: NIP, phone, home organisation, and whether the
    password was given by someone else and must be changed at the next login."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    nip = models.CharField(max_length=18, blank=True, help_text="Nomor Induk Pegawai, 18 digits")
    phone = models.CharField(max_length=30, blank=True)
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user}"


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

    class Scope(models.TextChoices):
        READ = "read", "Baca saja / read only"
        WRITE = "write", "Baca-tulis / read-write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for (the integration's name)")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token, hexadecimal")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.WRITE)
    expires_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens",
        help_text="The organisation whose administrator issued it (empty: issued on the command line)",
    )  # fmt: skip

    class Meta:
        ordering = ["user", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def writes(self) -> bool:
        return self.scope == self.Scope.WRITE

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(
        cls,
        user: AbstractBaseUser,
        name: str,
        *,
        scope: str = Scope.WRITE,
        expires_at: dt.datetime | None = None,
        organisation: Organisation | None = None,
    ) -> tuple[ApiToken, str]:
        """A new token for ``user``: the stored row and the raw token, which is not kept anywhere."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, digest=cls.hash(raw), scope=scope, expires_at=expires_at, organisation=organisation
        )
        return token, raw

    @classmethod
    def valid(cls, raw: str) -> ApiToken | None:
        """The unrevoked, unexpired token of an active user (None otherwise); notes when it was last used."""
        if not raw.startswith(cls.PREFIX) or len(raw) > 200:
            return None
        token = cls.objects.select_related("user").filter(digest=cls.hash(raw), revoked=False).first()
        now = timezone.now()
        if token is None or not token.user.is_active or (token.expires_at is not None and token.expires_at <= now):
            return None
        if token.last_used_at is None or now - token.last_used_at > USE_NOTED_EVERY:
            # one write a minute at most, so a busy integration does not turn every read into a write
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token

    @classmethod
    def user_for(cls, raw: str) -> AbstractBaseUser | None:
        """The active user of a valid token (None otherwise)."""
        token = cls.valid(raw)
        return token.user if token is not None else None


class AuditEntry(models.Model):
    """One administrative change: who made it, when, to what, and the values before and after (never a
    password or a token)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="The actor's user name, or 'cli' for the command line")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=50, help_text="What was done, e.g. user.create, role.assign")
    target = models.CharField(max_length=300, help_text="What it was done to, e.g. the user name")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target}"
