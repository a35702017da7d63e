"""A library: folders of SOP files, each folder with its ``organisasi.yaml``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Organisation, Sop
from ..problems import Message, Problem, Severity
from .yaml_io import ORGANISATION_FILE, SOP_SUFFIX, locate, read_organisation, read_sop

__all__ = ["Library", "LoadedSop", "find_sop_files", "load_library"]


@dataclass
class LoadedSop:
    """An SOP with its file and YAML tree (for line numbers of findings)."""

    path: Path
    sop: Sop
    tree: Any = None


@dataclass
class Library:
    """Everything found under some paths: organisations by kode, SOPs, and the problems of broken files."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    organisation_paths: dict[str, Path] = field(default_factory=dict)
    organisation_trees: dict[str, Any] = field(default_factory=dict)
    sops: list[LoadedSop] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    def by_organisation(self, code: str) -> list[Sop]:
        return [item.sop for item in self.sops if item.sop.organisation == code]

    def __iter__(self) -> Iterator[LoadedSop]:
        return iter(self.sops)


def find_sop_files(paths: Iterable[Path]) -> list[Path]:
    """SOP files under the given files and folders, sorted for stable output."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            # a symlink or device named like an SOP is listed, so that reading it reports why it is refused
            found.update(p for p in path.rglob(f"*{SOP_SUFFIX}") if not p.is_dir())
        elif path.exists() or path.is_symlink():
            found.add(path)
    return sorted(found)


def _organisation_files(paths: Iterable[Path], sop_files: list[Path]) -> set[Path]:
    """Organisation files of the given folders and of the folders holding the SOP files."""
    folders: set[Path] = {p.parent for p in sop_files}
    for path in paths:
        if path.is_dir():
            folders.add(path)
            folders.update(p.parent for p in path.rglob(ORGANISATION_FILE))
    # not only regular files: a device or a link to one is listed so that reading it reports the refusal
    return {f / ORGANISATION_FILE for f in folders if os.path.lexists(f / ORGANISATION_FILE)}


def load_library(paths: Iterable[Path | str], on_file: Callable[[Path, int], None] | None = None) -> Library:
    """Read every SOP file and organisation file under ``paths``; broken files become problems.

    ``on_file(path, total)`` is called after each SOP file (for a progress bar).
    """
    roots = [Path(p) for p in paths]
    library = Library()
    for root in roots:
        if not root.exists():
            library.problems.append(
                Problem(
                    code="F000",
                    severity=Severity.ERROR,
                    message=Message("berkas atau folder tidak ada", "no such file or folder"),
                    file=root,
                )
            )
    sop_files = find_sop_files(roots)
    for org_file in sorted(_organisation_files(roots, sop_files)):
        result = read_organisation(org_file)
        library.files_checked += 1
        library.problems.extend(result.problems)
        if result.model is not None and result.model.code in library.organisations:
            first = library.organisation_paths[result.model.code]
            library.problems.append(
                Problem(
                    code="F004",
                    severity=Severity.ERROR,
                    message=Message(
                        f"kode organisasi '{result.model.code}' sudah dipakai oleh {first}",
                        f"organisation code '{result.model.code}' is already used by {first}",
                    ),
                    file=org_file,
                    path=("kode",),
                    line=locate(result.tree, ("kode",))[0],
                )
            )
        elif result.model is not None:
            library.organisations[result.model.code] = result.model
            library.organisation_paths[result.model.code] = org_file
            library.organisation_trees[result.model.code] = result.tree
    for sop_file in sop_files:
        loaded = read_sop(sop_file)
        library.files_checked += 1
        library.problems.extend(loaded.problems)
        if loaded.model is not None:
            library.sops.append(LoadedSop(sop_file, loaded.model, loaded.tree))
        if on_file is not None:
            on_file(sop_file, len(sop_files))
    return library
