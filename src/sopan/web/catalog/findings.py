"""Lint findings of a published SOP, for administrators: the same rules as `sopan check`, run on the
organisation's published versions so cross-references resolve as they do in the library."""

from __future__ import annotations

from pathlib import Path

from sopan.io.library import Library, LoadedSop
from sopan.lint import lint_library
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.problems import Problem
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.runtime import process_for

__all__ = ["findings_for"]


def findings_for(version: SopVersion) -> list[Problem]:
    organisation = version.sop.organisation
    library = Library()
    if organisation.definition:
        library.organisations[organisation.code] = OrganisationModel.model_validate(organisation.definition)
        library.organisation_paths[organisation.code] = Path(organisation.code) / "organisasi.yaml"
    target = Path(organisation.code) / f"{version.sop.key}.sop.yaml"
    for sop in organisation.sops.all():
        latest = version if sop.pk == version.sop_id else sop.latest
        if latest is None:
            continue
        path = Path(organisation.code) / f"{sop.key}.sop.yaml"
        library.sops.append(LoadedSop(path=path, sop=process_for(latest).sop, tree=None))
    return [problem for problem in lint_library(library) if problem.file == target]
