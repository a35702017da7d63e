"""Lint findings of a published SOP, for administrators: the same rules as `sopan check`, run on the
organisation's published versions so cross-references resolve as they do in the library."""

from __future__ import annotations

from pathlib import Path

from sopan.io.library import Library, LoadedSop
from sopan.lint import lint_library
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.problems import Problem
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.catalog.runtime import process_for

__all__ = ["findings_for", "organisation_library", "sop_path"]


def sop_path(organisation: Organisation, key: str) -> Path:
    """The path an SOP of the organisation has in the library (the place findings are reported at)."""
    return Path(organisation.code) / f"{key}.sop.yaml"


def organisation_library(organisation: Organisation, replace: LoadedSop | None = None) -> Library:
    """The organisation's published SOPs (latest versions) as a library; ``replace`` stands in for the SOP at
    its path (a version being looked at, or a draft), added when the organisation has no such SOP yet."""
    library = Library()
    if organisation.definition:
        library.organisations[organisation.code] = OrganisationModel.model_validate(organisation.definition)
        library.organisation_paths[organisation.code] = Path(organisation.code) / "organisasi.yaml"
    latest: dict[int, SopVersion] = {}
    versions = SopVersion.objects.filter(sop__organisation=organisation).select_related("sop").defer("definition")
    for version in versions.order_by("sop__title", "sop_id", "-number"):  # the SOPs' order; the latest first
        latest.setdefault(version.sop_id, version)
    for version in latest.values():
        path = sop_path(organisation, version.sop.key)
        if replace is not None and path == replace.path:
            library.sops.append(replace)
        else:
            library.sops.append(LoadedSop(path=path, sop=process_for(version).sop, tree=None))
    if replace is not None and not any(item is replace for item in library.sops):
        library.sops.append(replace)
    return library


def findings_for(version: SopVersion) -> list[Problem]:
    organisation = version.sop.organisation
    target = sop_path(organisation, version.sop.key)
    own = LoadedSop(path=target, sop=process_for(version).sop, tree=None)
    library = organisation_library(organisation, replace=own)
    return [problem for problem in lint_library(library, subjects=[own]) if problem.file == target]
