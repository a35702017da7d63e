"""Run every rule over a library and turn hits into located problems."""

from __future__ import annotations

from collections.abc import Iterable

from ..io.library import Library, LoadedSop
from ..io.yaml_io import locate
from ..problems import Problem
from . import rules as _rules  # noqa: F401  (registers the rules)
from .context import LintContext
from .registry import RULES, Hit, Rule

__all__ = ["lint_library"]


def _problem(rule: Rule, hit: Hit) -> Problem:
    line, column = locate(hit.subject.tree, hit.path) if hit.subject.tree is not None else (None, None)
    return Problem(
        code=rule.code,
        severity=rule.severity,
        message=rule.render(hit.params),
        file=hit.subject.path,
        line=line,
        column=column,
        path=hit.path,
    )


def lint_library(
    library: Library, only: Iterable[str] | None = None, subjects: Iterable[LoadedSop] | None = None
) -> list[Problem]:
    """Every finding of every rule (or of the rules in ``only``), in file and line order.

    With ``subjects``, the per-SOP rules run on those SOPs only (the rest of the library is there to resolve
    references and for the library-wide rules): an editor checks one draft among its organisation's SOPs."""
    selected = [RULES[code] for code in (only or RULES)]
    context = LintContext(library)
    problems: list[Problem] = []
    for rule in selected:
        if rule.scope == "library":
            problems.extend(_problem(rule, hit) for hit in rule.check(context))
    for item in library.sops if subjects is None else subjects:
        context.current = item
        for rule in selected:
            if rule.scope == "sop":
                problems.extend(_problem(rule, hit) for hit in rule.check(context))
    context.current = None
    return sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.code))
