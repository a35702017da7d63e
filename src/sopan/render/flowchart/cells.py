"""The text of a step's cells (kegiatan, kelengkapan, waktu, output, keterangan) as wrapped lines.

Lists are drawn as the official tables draw them: one item per line with a hanging bullet ('•', or the item's
own 'a.' / '1)' enumerator), requirement groups as a bold heading with their items indented below. A step's
variants ('- Bagi yang …') follow its kegiatan, and their waktu and keterangan start on the same line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.sop import Requirement, RequirementGroup, Sop, Step
from ..text import normalize, text_width, wrap

__all__ = ["CellText", "Para", "WrappedLine", "step_paragraphs", "variant_paragraphs", "wrap_paragraphs"]

_ENUMERATOR = re.compile(r"^\s*(\(?[a-zA-Z]\)|\(?\d{1,2}\)|[a-zA-Z]\.|\d{1,2}\.|[ivxIVX]{1,4}\.|[-•*–])\s+(?=\S)")
BULLET = "•"
VARIANT_BULLET = "–"


@dataclass(frozen=True)
class Para:
    """A paragraph of a cell: ``indent`` in em, a hanging ``bullet``, and ``at_line`` to start it no higher
    than a given line (so a variant's waktu sits beside the variant)."""

    text: str
    bold: bool = False
    indent: float = 0.0
    bullet: str | None = None
    at_line: int | None = None


@dataclass(frozen=True)
class WrappedLine:
    """A line of a cell: ``line`` counts from the top of the cell, ``dx`` is in mm from the text's left edge."""

    line: int
    dx: float
    text: str
    bold: bool = False


@dataclass(frozen=True)
class CellText:
    paragraphs: tuple[Para, ...]
    align: str = "start"


def _list_paras(items: list[str], indent: float = 0.0) -> list[Para]:
    texts = [normalize(t) for t in items if normalize(t)]
    if len(texts) == 1 and indent == 0.0:
        return [Para(texts[0])]
    paras = []
    for text in texts:
        match = _ENUMERATOR.match(text)
        if match:
            paras.append(Para(text[match.end() :], indent=indent, bullet=match.group(1)))
        else:
            paras.append(Para(text, indent=indent, bullet=BULLET))
    return paras


def _requirement_paras(items: list[Requirement], indent: float = 0.0) -> list[Para]:
    paras: list[Para] = []
    plain: list[str] = []
    many = len(items) > 1 or any(isinstance(i, RequirementGroup) for i in items)
    for item in items:
        if isinstance(item, RequirementGroup):
            paras += _list_paras(plain, indent) if many else [Para(normalize(t)) for t in plain]
            plain = []
            paras.append(Para(normalize(item.heading), bold=True, indent=indent))
            paras += _requirement_paras(item.items, indent + 1.0)
        else:
            plain.append(item)
    if plain:
        paras += _list_paras(plain, indent) if (many or indent) else [Para(normalize(t)) for t in plain]
    return paras


def step_paragraphs(sop: Sop, step: Step) -> dict[str, CellText]:
    """The paragraphs of each text column of a step's row (before wrapping; variant alignment comes later)."""
    kegiatan = [Para(normalize(step.activity))]
    if step.decision is not None:
        kegiatan.append(Para(normalize(step.decision.question), bold=True))
    kegiatan += [Para(normalize(v.condition), bullet=VARIANT_BULLET) for v in step.variants]
    waktu = [Para(step.duration.text)] if step.duration is not None and step.duration.text else []
    keterangan = [Para(normalize(step.remark))] if step.remark and normalize(step.remark) else []
    return {
        "no": CellText((Para(str(step.number)),), align="middle"),
        "kegiatan": CellText(tuple(kegiatan)),
        "kelengkapan": CellText(tuple(_requirement_paras(step.requirements))),
        "waktu": CellText(tuple(waktu), align="middle"),
        "output": CellText(tuple(_list_paras(step.outputs))),
        "keterangan": CellText(tuple(keterangan)),
    }


def variant_paragraphs(step: Step, variant_lines: list[int]) -> tuple[list[Para], list[Para]]:
    """Waktu and keterangan paragraphs of a step's variants, each starting at its variant's kegiatan line."""
    waktu: list[Para] = []
    keterangan: list[Para] = []
    for variant, line in zip(step.variants, variant_lines, strict=False):
        if variant.duration is not None and variant.duration.text:
            waktu.append(Para(variant.duration.text, at_line=line))
        if variant.remark and normalize(variant.remark):
            keterangan.append(Para(normalize(variant.remark), at_line=line))
    return waktu, keterangan


def wrap_paragraphs(
    paras: tuple[Para, ...] | list[Para], width: float, size: float
) -> tuple[list[WrappedLine], list[int]]:
    """Wrap paragraphs into lines of at most ``width`` mm; also return the first line of each paragraph."""
    lines: list[WrappedLine] = []
    starts: list[int] = []
    line = 0
    for para in paras:
        if para.at_line is not None:
            line = max(line, para.at_line)
        starts.append(line)
        left = para.indent * size
        hang = left
        if para.bullet:
            hang = left + text_width(para.bullet + " ", size, para.bold)
            hang = max(hang, left + 0.9 * size)
        wrapped = wrap(para.text, max(width - hang, size), size, para.bold) if para.text else [""]
        if para.bullet:
            lines.append(WrappedLine(line, left, para.bullet, para.bold))
        for index, text in enumerate(wrapped):
            lines.append(WrappedLine(line + index, hang, text, para.bold))
        line += len(wrapped)
    return [w for w in lines if w.text], starts
