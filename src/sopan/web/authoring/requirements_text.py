"""Kelengkapan as the editor's text: one item a line; a line ending in ':' opens a group whose items start with
'-'; a group line starting with '*' applies only to some applications (``kasus``, the KK cases)."""

from __future__ import annotations

from typing import Any

__all__ = ["format_requirements", "parse_requirements"]


def parse_requirements(text: str) -> list[Any]:
    """Items and groups ``{kelompok, butir, kasus}`` from the editor's text."""
    items: list[Any] = []
    group: dict[str, Any] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.endswith(":") and len(line) > 1:
            case = line.startswith("*")
            heading = line.lstrip("*").strip()[:-1].strip()
            group = {"kelompok": heading, "butir": [], **({"kasus": True} if case else {})}
            items.append(group)
        elif line.startswith("-") and group is not None:
            item = line[1:].strip()
            if item:
                group["butir"].append(item)
        else:
            group = None
            items.append(line.lstrip("-").strip())
    return [item for item in items if item]


def format_requirements(items: list[Any] | Any) -> str:
    """The editor's text of a step's kelengkapan (the inverse of :func:`parse_requirements`)."""
    lines: list[str] = []
    for item in items if isinstance(items, list) else [items] if items else []:
        if isinstance(item, dict):
            lines.append(f"{'* ' if item.get('kasus') else ''}{item.get('kelompok', '')}:")
            butir = item.get("butir") or []
            lines.extend(f"- {entry}" for entry in (butir if isinstance(butir, list) else [butir]))
        else:
            lines.append(str(item))
    return "\n".join(lines)
