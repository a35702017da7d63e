"""A draft checked as `sopan check` checks its exported file, and drawn by the official renderer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sopan.edit import export_text, problems_of, sop_of
from sopan.io.library import LoadedSop
from sopan.io.yaml_io import read_sop_text
from sopan.lint import lint_library
from sopan.model import Sop
from sopan.problems import Problem
from sopan.render import flowchart_svgs
from sopan.web.authoring.models import Draft
from sopan.web.catalog.findings import organisation_library, sop_path

__all__ = ["Checked", "check_definition", "check_draft", "check_text", "draft_text"]


@dataclass
class Checked:
    """The draft's file text, its model when it loads, and every problem (load errors or lint findings)."""

    text: str
    sop: Sop | None
    problems: list[Problem] = field(default_factory=list)

    def flowchart(self) -> list[str]:
        """The official flowchart's pages as SVG (none when the draft does not load)."""
        return flowchart_svgs(self.sop) if self.sop is not None else []


def draft_text(draft: Draft) -> str:
    """The draft as a ``.sop.yaml``: laid over the file it came from, whose comments stay."""
    return export_text(draft.definition, draft.source_text or None)


def check_text(draft: Draft, text: str) -> Checked:
    """``text`` as the draft's file: the loader's problems (with lines) or the lint findings (with lines)."""
    path = sop_path(draft.organisation, draft.sop_key)
    loaded = read_sop_text(text, draft.sop_key)
    if loaded.model is None:
        return Checked(text, None, [_at(problem, path) for problem in loaded.problems])
    own = LoadedSop(path=path, sop=loaded.model, tree=loaded.tree)
    library = organisation_library(draft.organisation, replace=own)
    problems = [problem for problem in lint_library(library, subjects=[own]) if problem.file == path]
    return Checked(text, loaded.model, problems)


def check_draft(draft: Draft) -> Checked:
    """The draft as its exported file: problems with the lines `sopan check` gives (YAML mode, the API)."""
    return check_text(draft, draft_text(draft))


def check_definition(draft: Draft) -> Checked:
    """The editor's check after each change: the same rules on the definition itself, without writing and
    reading the file again (findings carry their key path, which places them in the editor; lines are for the
    file views)."""
    path = sop_path(draft.organisation, draft.sop_key)
    problems = problems_of(draft.definition)
    if problems:
        return Checked("", None, [replace(problem, file=path) for problem in problems])
    own = LoadedSop(path=path, sop=sop_of(draft.definition, draft.sop_key), tree=None)
    library = organisation_library(draft.organisation, replace=own)
    return Checked("", own.sop, [p for p in lint_library(library, subjects=[own]) if p.file == path])


def _at(problem: Problem, path: Path) -> Problem:
    return replace(problem, file=path)
