"""The lines under a flowchart page's table: what the dashed box means, and the lanes' shortened names.

A SOP printed on its own has no usage page, so a page that draws a dashed "either performer" box says what it
means in one line beside a small sample of it; when lane headings had to be shortened (``columns``), every page
lists them with the lanes' full names. The room is kept on every page of the SOP, so pages fill the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import PT, metrics, wrap
from .page import PageSpec, Rect, TextLine

__all__ = ["MARKER_TEXT", "Legend", "legend_for"]

MARKER_TEXT = "Kotak bergaris putus-putus: pelaksana lain yang juga dapat melakukan kegiatan pada baris itu."
GAP = 1.5  # mm between the table and the legend
LINE = 1.25  # line height in font sizes
SAMPLE = (4.0, 2.2)  # the dashed box's sample (mm)
SAMPLE_GAP = 1.5


@dataclass(frozen=True)
class Legend:
    """The legend's wrapped lines (marker line and the abbreviations), at ``size`` mm."""

    size: float
    marker: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()

    def height(self, markers: bool) -> float:
        count = (len(self.marker) if markers else 0) + len(self.abbreviations)
        return GAP + count * LINE * self.size if count else 0.0

    @property
    def room(self) -> float:
        """What a page keeps free for it (the most any page draws)."""
        return self.height(bool(self.marker))

    def place(self, top: float, markers: bool) -> tuple[tuple[TextLine, ...], Rect | None]:
        """The lines under a table ending at ``top``; the dashed sample box when the marker line is drawn."""
        ascent = metrics(False).ascent * self.size
        y = top + GAP
        lines: list[TextLine] = []
        sample = None
        if markers and self.marker:
            w, h = SAMPLE
            sample = Rect(0.0, y + (LINE * self.size - h) / 2, w, h)
            for text in self.marker:
                lines.append(TextLine(w + SAMPLE_GAP, y + ascent, text, self.size))
                y += LINE * self.size
        for text in self.abbreviations:
            lines.append(TextLine(0.0, y + ascent, text, self.size))
            y += LINE * self.size
        return tuple(lines), sample


def legend_for(spec: PageSpec, markers: bool, abbreviations: tuple[tuple[str, str], ...]) -> Legend:
    """The legend of a SOP whose steps have several lanes (``markers``) or whose lane names were shortened."""
    size = spec.min_font_size * PT
    width = spec.content_width
    marker = tuple(wrap(MARKER_TEXT, width - SAMPLE[0] - SAMPLE_GAP, size)) if markers else ()
    listed = "; ".join(f"{short} = {full}" for short, full in abbreviations)
    names = tuple(wrap(f"Singkatan pelaksana: {listed}.", width, size)) if abbreviations else ()
    return Legend(size, marker, names)
