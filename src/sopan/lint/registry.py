"""Lint rules: each a small function with a stable code, a severity and a bilingual message template."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..problems import Message, Severity

if TYPE_CHECKING:
    from .context import LintContext, Subject

__all__ = ["RULES", "Hit", "Rule", "rule"]


@dataclass(frozen=True)
class Hit:
    """One place where a rule fails: the file subject, the key path, and values for the message template."""

    subject: Subject
    path: tuple[str | int, ...] = ()
    params: dict[str, Any] | None = None


Check = Callable[["LintContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    message: Message
    check: Check
    scope: Literal["sop", "library"]

    def render(self, params: dict[str, Any] | None) -> Message:
        values = params or {}
        return Message(self.message.id.format(**values), self.message.en.format(**values))


RULES: dict[str, Rule] = {}


def rule(
    code: str, name: str, severity: Severity, id: str, en: str, scope: Literal["sop", "library"] = "sop"
) -> Callable[[Check], Check]:
    """Register a rule. The message templates take the values a hit gives (``{step}``, ``{text}`` ...)."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"duplicate lint rule code {code}")
        RULES[code] = Rule(code, name, severity, Message(id, en), check, scope)
        return check

    return register
