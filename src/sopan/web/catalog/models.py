"""Organisations, their roles, their SOPs and the immutable published versions cases run on."""

from __future__ import annotations

from django.db import models

from sopan.web.immutable import ImmutableModel


class Organisation(models.Model):
    code = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    parent = models.CharField(max_length=300, blank=True)
    timezone = models.CharField(max_length=50, default="Asia/Jakarta")
    office_hours = models.JSONField(
        default=dict, blank=True, help_text="jam_kerja of organisasi.yaml: day name -> hours; empty = the default week"
    )
    definition = models.JSONField(default=dict, help_text="The organisasi.yaml content")
    address = models.CharField(max_length=500, blank=True)
    office_changes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Profile keys of organisasi.yaml (nama, induk, alamat, zona_waktu, jam_kerja) the office changed in "
        "the browser: they win over the file, also when the library is published again, until the office returns "
        "them to the file",
    )
    logo = models.BinaryField(null=True, blank=True, help_text="The logo the office uploaded; wins over the file's")
    logo_type = models.CharField(max_length=30, blank=True, help_text="The uploaded logo's media type")
    retention_months = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Months a closed case's personal data is kept, as the office set it; empty = retensi_data of "
        "organisasi.yaml (publishing never overwrites it)",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A pelaksana lane of the organisation's SOPs (a jabatan): what users hold and tasks ask for."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=150)
    name = models.CharField(max_length=300)
    external = models.BooleanField(default=False, help_text="An outside party (Pemohon, Bupati, POS)")

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="role_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.code})"


class Sop(models.Model):
    """An SOP's identity across its versions (the library file id)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sops")
    key = models.SlugField(max_length=200)
    title = models.CharField(max_length=500)
    nature = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["organisation", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="sop_unique_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self) -> SopVersion | None:
        return self.versions.order_by("-number").first()


class SopVersion(ImmutableModel):
    """A published, frozen definition; a case keeps the version it started on."""

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField(help_text="The .sop.yaml content as published")
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.CharField(max_length=150, blank=True)
    roles = models.ManyToManyField(Role, related_name="sop_versions", help_text="The lanes of this version")

    class Meta:
        ordering = ["sop", "-number"]
        constraints = [models.UniqueConstraint(fields=["sop", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.sop.title} v{self.number}"


class StepRole(models.Model):
    """A role whose holders may work a step of a version: the roles acting on it (the step's lanes, or every
    internal role for an outside party's step), written when the version is published (``step_roles.py``). The
    inbox finds a task's roles here, by its case's version and its step, so a command writes no row for them."""

    # no index on the version alone: the unique (version, step, role) serves it; the role's serves its removal
    sop_version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="step_roles", db_index=False)
    step = models.PositiveIntegerField()
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sop_version", "step", "role"], name="steprole_unique")]


class CalendarOverride(models.Model):
    """A local change to the working calendar: an extra holiday, changed hours, or a national holiday worked."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "Libur lokal"
        HOURS = "hours", "Jam kerja berubah"
        OPEN = "open", "Tetap buka"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="calendar_overrides")
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200, blank=True)
    hours = models.CharField(max_length=100, blank=True, help_text="HH:MM-HH:MM[,HH:MM-HH:MM]")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="override_one_per_day")]

    def clean(self) -> None:
        """Hours belong to a 'hours' change and must be readable; a holiday or an open day has none."""
        from django.core.exceptions import ValidationError

        from sopan.worktime.hours import Interval

        if self.kind == self.Kind.HOURS:
            try:
                periods = Interval.parse_periods(self.hours)
            except ValueError as error:
                raise ValidationError({"hours": str(error)}) from None
            if not periods:
                raise ValidationError(
                    {"hours": "Jam kerja yang berubah perlu jamnya, mis. 07:30-12:00 / changed hours need the hours"}
                )
        elif self.hours.strip():
            raise ValidationError(
                {"hours": "Hanya perubahan jam kerja yang memakai jam / only changed hours take hours"}
            )

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_clean(validate_unique=False, validate_constraints=False)  # a bad row would stop every command
        super().save(*args, **kwargs)
