"""Publishing the SOP library into the database: organisations, roles, SOPs and new versions when changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sopan.io.library import load_library
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.model.sop import Sop as SopModel
from sopan.problems import Problem, Severity
from sopan.web.catalog.models import Organisation, Role, Sop, SopVersion, StepRole
from sopan.web.catalog.profile import apply_office_changes
from sopan.web.catalog.step_roles import write_step_roles
from sopan.web.catalog.version_states import version_published

__all__ = ["PublishReport", "content_hash", "publish_library", "publish_sop"]


@dataclass
class PublishReport:
    organisations: int = 0
    organisation_codes: list[str] = field(default_factory=list)  # those whose organisasi.yaml was read
    sops: int = 0
    new_versions: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def content_hash(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _organisation(model: OrganisationModel) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        code=model.code,
        defaults={
            "name": model.name,
            "parent": " / ".join(model.parents),
            "timezone": model.timezone,
            "office_hours": model.office_hours,
            "address": model.address or "",
            "definition": model.to_file_data(),
        },
    )
    if organisation.office_changes:  # what the office changed in the browser wins over the file
        apply_office_changes(organisation)
        organisation.save()
    return organisation


def publish_sop(organisation: Organisation, sop: SopModel, published_by: str = "") -> tuple[SopVersion, bool]:
    """The SOP's latest version, publishing a new one when its definition changed; True when new.

    A new version is announced with ``version_published`` (the lifecycle makes it BERLAKU and the one before
    DIGANTIKAN); call this inside a transaction so that both land or neither does."""
    roles = [
        Role.objects.get_or_create(
            organisation=organisation, code=lane.code, defaults={"name": lane.name, "external": lane.external}
        )[0]
        for lane in sop.lanes
    ]
    record, _ = Sop.objects.update_or_create(
        organisation=organisation,
        key=sop.id or "",
        defaults={"title": sop.title, "nature": str(sop.nature or "")},
    )
    definition = sop.to_file_data()
    digest = content_hash(definition)
    latest = record.latest
    if latest is not None and latest.content_hash == digest:
        return latest, False
    version = SopVersion.objects.create(
        sop=record,
        number=(latest.number + 1) if latest else 1,
        definition=definition,
        content_hash=digest,
        published_by=published_by,
    )
    version.roles.set(roles)
    write_step_roles(version, StepRole, Role)
    version_published.send(sender=SopVersion, version=version, previous=latest, published_by=published_by)
    return version, True


def publish_library(paths: Iterable[Path | str], published_by: str = "sopan") -> PublishReport:
    """Load SOP files and publish every valid one; files with errors are reported and left out."""
    library = load_library(paths)
    report = PublishReport(problems=[p for p in library.problems if p.severity == Severity.ERROR])
    with transaction.atomic():
        organisations = {code: _organisation(model) for code, model in library.organisations.items()}
        report.organisations = len(organisations)
        report.organisation_codes = list(organisations)
        for loaded in library.sops:
            organisation = organisations.get(loaded.sop.organisation)
            if organisation is None:
                organisation, _ = Organisation.objects.get_or_create(
                    code=loaded.sop.organisation, defaults={"name": loaded.sop.organisation}
                )
                organisations[loaded.sop.organisation] = organisation
            _, created = publish_sop(organisation, loaded.sop, published_by)
            report.sops += 1
            report.new_versions += created
            report.unchanged += not created
    return report
