"""A step's row: its wrapped cell text, its height, and the fitting of a row taller than a page.

A row is as tall as its tallest cell or as its symbol needs. A row that would not fit on an empty page is
set in a smaller font (down to ``PageSpec.min_font_size``); if even that is too tall, the longest cells are cut
and end with '…', and the row says so (``Row.truncated``, and a warning on the page). Nothing overflows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...model.sop import Step
from ..text import PT, metrics, text_width
from .cells import CellText, WrappedLine, variant_paragraphs, wrap_paragraphs
from .columns import LINE, PAD_X, PAD_Y
from .page import Cell, Column, Rect, TextLine

__all__ = ["RowText", "fit_row", "measure_row", "place_cells"]

TEXT_COLUMNS = ("no", "kegiatan", "kelengkapan", "waktu", "output", "keterangan")


@dataclass(frozen=True)
class RowText:
    """The wrapped lines of a row's cells at font size ``size`` (mm)."""

    size: float
    lines: dict[str, list[WrappedLine]]
    truncated: bool = False

    @property
    def height(self) -> float:
        count = max((max(w.line for w in lines) + 1 for lines in self.lines.values() if lines), default=1)
        return count * LINE * self.size + 2 * PAD_Y


def measure_row(step: Step, cells: dict[str, CellText], widths: dict[str, float], size: float) -> RowText:
    lines: dict[str, list[WrappedLine]] = {}
    kegiatan, starts = wrap_paragraphs(cells["kegiatan"].paragraphs, widths["kegiatan"] - 2 * PAD_X, size)
    lines["kegiatan"] = kegiatan
    variant_starts = starts[len(starts) - len(step.variants) :] if step.variants else []
    extra_waktu, extra_keterangan = variant_paragraphs(step, variant_starts)
    for key in ("no", "kelengkapan", "waktu", "output", "keterangan"):
        paras = list(cells[key].paragraphs)
        if key == "waktu":
            paras += extra_waktu
        elif key == "keterangan":
            paras += extra_keterangan
        lines[key] = wrap_paragraphs(paras, widths[key] - 2 * PAD_X, size)[0]
    return RowText(size, lines)


def _truncate(text: RowText, max_lines: int, widths: dict[str, float]) -> RowText:
    """Keep the first ``max_lines`` lines of every cell; a cut cell ends with '…'."""
    lines: dict[str, list[WrappedLine]] = {}
    cut = False
    for key, cell in text.lines.items():
        kept = [w for w in cell if w.line < max_lines]
        if len(kept) < len(cell) and kept:
            cut = True
            last = max(w.line for w in kept)
            target = max((w for w in kept if w.line == last), key=lambda w: w.dx)
            room = widths[key] - 2 * PAD_X - target.dx
            shortened = target.text.rstrip(" .,;")
            while shortened and text_width(shortened + "…", text.size, target.bold) > room:
                shortened = shortened[:-1].rstrip()
            kept = [replace(w, text=shortened + "…") if w is target else w for w in kept]
        lines[key] = kept
    return RowText(text.size, lines, cut)


def fit_row(
    step: Step, cells: dict[str, CellText], widths: dict[str, float], size: float, min_size: float, max_height: float
) -> RowText:
    """The row at ``size``, or smaller, or cut: whatever first fits in ``max_height``."""
    current = size
    while True:
        text = measure_row(step, cells, widths, current)
        if text.height <= max_height + 1e-6:
            return text
        if current <= min_size + 1e-9:
            max_lines = max(1, int((max_height - 2 * PAD_Y) / (LINE * current) + 1e-9))
            return _truncate(text, max_lines, widths)
        current = max(min_size, current - 0.5 * PT)


def place_cells(text: RowText, columns: dict[str, Column], y: float, height: float) -> tuple[Cell, ...]:
    """The cells of a row whose top is at ``y``; text is top-aligned, No and Waktu centred."""
    size = text.size
    out: list[Cell] = []
    for key in TEXT_COLUMNS:
        column = columns[key]
        box = Rect(column.x, y, column.width, height)
        lines: list[TextLine] = []
        for w in text.lines[key]:
            m = metrics(w.bold)
            baseline = y + PAD_Y + w.line * LINE * size + (LINE - m.ascent - m.descent) * size / 2 + m.ascent * size
            if key in ("no", "waktu"):
                lines.append(TextLine(column.x + column.width / 2, baseline, w.text, size, w.bold, "middle"))
            else:
                lines.append(TextLine(column.x + PAD_X + w.dx, baseline, w.text, size, w.bold))
        out.append(Cell(key, box, tuple(lines)))
    return tuple(out)
