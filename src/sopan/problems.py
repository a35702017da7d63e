"""Problems found in SOP files (load errors and lint findings), with bilingual messages and a place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

__all__ = ["Message", "Problem", "Severity"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: str) -> str:
        if lang == "id":
            return {"error": "galat", "warning": "peringatan", "info": "info"}[self.value]
        return self.value


@dataclass(frozen=True)
class Message:
    """One message in Bahasa Indonesia and English."""

    id: str
    en: str

    def text(self, lang: str = "id") -> str:
        return self.en if lang == "en" else self.id


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file. ``line``/``column`` are 1-based; ``path`` is the key path in the file."""

    code: str
    severity: Severity
    message: Message
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = field(default=())

    def place(self) -> str:
        where = str(self.file) if self.file else "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def key_path(self) -> str:
        parts: list[str] = []
        for part in self.path:
            if isinstance(part, int):
                parts.append(f"[{part}]")
            else:
                parts.append(("." if parts else "") + part)
        return "".join(parts)

    def format(self, lang: str = "id") -> str:
        key = f" ({self.key_path()})" if self.path else ""
        return f"{self.place()}: {self.severity.label(lang)} {self.code}{key}: {self.message.text(lang)}"

    def to_json(self, lang: str = "id") -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": str(self.file) if self.file else None,
            "line": self.line,
            "column": self.column,
            "path": list(self.path),
            "message": self.message.text(lang),
        }
