"""What a rule sees: the whole library (for cross-references) and a way to name places in files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..io.library import Library, LoadedSop
from ..io.references import ReferenceResolver
from ..model import Organisation, Sop

__all__ = ["LintContext", "Subject"]


@dataclass(frozen=True)
class Subject:
    """The file a finding is about: an SOP or an organisation file."""

    path: Path | None
    tree: Any = None
    sop: Sop | None = None
    organisation: Organisation | None = None


@dataclass
class LintContext:
    library: Library
    current: LoadedSop | None = None
    _subjects: dict[int, Subject] = field(default_factory=dict)

    def subject(self, item: LoadedSop) -> Subject:
        key = id(item)
        if key not in self._subjects:
            self._subjects[key] = Subject(item.path, item.tree, sop=item.sop)
        return self._subjects[key]

    @property
    def sop(self) -> Sop:
        assert self.current is not None
        return self.current.sop

    @property
    def here(self) -> Subject:
        assert self.current is not None
        return self.subject(self.current)

    def organisation_subject(self, code: str) -> Subject:
        return Subject(
            self.library.organisation_paths.get(code),
            self.library.organisation_trees.get(code),
            organisation=self.library.organisations.get(code),
        )

    @cached_property
    def _resolver(self) -> ReferenceResolver:
        return ReferenceResolver(self.library)

    def resolve(self, reference: str, organisation: str | None = None) -> Sop | None:
        """The SOP a reference names (see ``ReferenceResolver.resolve``)."""
        return self._resolver.resolve(reference, organisation)
