"""The office's signing setup and the signed official documents (append-only, each with a public code)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sopan.web.catalog.models import Organisation, Role, SopVersion
from sopan.web.immutable import ImmutableModel


class SigningSetup(models.Model):
    """How an office signs: a PKCS#12 file on the server or a remote e-sign service; the roots it trusts; and,
    when no role of the office matches the "Disahkan Oleh" jabatan, which role approves."""

    class Kind(models.TextChoices):
        LOCAL = "local", "Sertifikat lokal (PKCS#12)"
        REMOTE = "remote", "Layanan TTE (BSrE)"

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="signing_setup")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LOCAL)
    pkcs12_path = models.CharField(max_length=500, blank=True, help_text="The PKCS#12 file (local signer)")
    service_url = models.URLField(max_length=500, blank=True, help_text="The e-sign service's signing address")
    trust_roots = models.TextField(blank=True, help_text="PEM certificates of the authorities the office trusts")
    approver_role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The role that approves and signs; empty: the role named like the jabatan",
    )

    def __str__(self) -> str:
        return f"{self.organisation.code}: {self.kind}"


class SignedDocument(ImmutableModel):
    """A signed official PDF of one version, as issued: never changed, found by its public code or its hash."""

    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="signed_documents")
    code = models.CharField(max_length=12, unique=True, help_text="The public code of /v/<code>")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(max_length=300, help_text="Jabatan as signed")
    signer_name = models.CharField(max_length=300)
    signer_nip = models.CharField(max_length=18, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [models.UniqueConstraint(fields=["version"], name="signed_once_per_version")]

    def __str__(self) -> str:
        return f"{self.version} ({self.code})"
