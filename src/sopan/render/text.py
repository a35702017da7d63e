"""Text measured with the metrics of the font that draws it, and wrapped into cells.

The bundled font is DejaVu Sans Condensed (regular and bold), reduced to Latin, Latin-1, Latin Extended-A and
common punctuation, with kerning and ligatures removed: a line is exactly as wide as the sum of its advance
widths, so what is measured here is what WeasyPrint (given :func:`font_face_css`) draws, on every machine.
A renderer that falls back to an installed DejaVu Sans Condensed applies kerning and draws slightly narrower.
Licence: ``fonts/LICENSE-DejaVu.txt`` (Bitstream Vera licence; DejaVu changes are public domain).
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

__all__ = [
    "FONT_FAMILY",
    "PT",
    "FontMetrics",
    "font_face_css",
    "font_path",
    "metrics",
    "normalize",
    "pieces",
    "text_width",
    "wrap",
]

FONT_FAMILY = "DejaVu Sans Condensed"
PT = 25.4 / 72
"""Millimetres per typographic point."""

FONT_DIR = Path(__file__).parent / "fonts"
_FILES = {False: "DejaVuSansCondensed.ttf", True: "DejaVuSansCondensed-Bold.ttf"}


def font_path(bold: bool = False) -> Path:
    return FONT_DIR / _FILES[bold]


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths in font units; ascent and descent as fractions of the font size."""

    units_per_em: int
    widths: dict[int, int]
    fallback: int
    ascent: float
    descent: float

    def width(self, text: str, size: float) -> float:
        units = sum(self.widths.get(ord(ch), self.fallback) for ch in text)
        return units * size / self.units_per_em


@lru_cache(maxsize=2)
def metrics(bold: bool = False) -> FontMetrics:
    font = TTFont(font_path(bold), lazy=True)
    hmtx = font["hmtx"].metrics
    widths = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
    upem = font["head"].unitsPerEm
    hhea = font["hhea"]
    # A character missing from the bundled font is drawn by a fallback font: count it as wide as 'M'.
    return FontMetrics(upem, widths, widths[ord("M")], hhea.ascent / upem, -hhea.descent / upem)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in mm of ``text`` at font size ``size`` mm."""
    return metrics(bold).width(text, size)


_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """One line of text: runs of whitespace become one space (SVG collapses them anyway)."""
    return _SPACE.sub(" ", text).strip()


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Break opportunities: (piece, followed by a space). A piece also ends after '/' or '-' inside a word."""
    pieces: list[tuple[str, bool]] = []
    for word in normalize(text).split(" "):
        if not word:
            continue
        parts = re.findall(r"[^/\-]+[/\-]*|[/\-]+", word)
        for index, part in enumerate(parts):
            pieces.append((part, index == len(parts) - 1))
    return pieces


def pieces(text: str) -> list[str]:
    """The pieces a line may not be broken inside (words, cut after '/' and '-')."""
    return [piece for piece, _ in _pieces(text)]


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word wider than the line, cut into hyphenated pieces (the last piece keeps no hyphen)."""
    out: list[str] = []
    rest = word
    while text_width(rest, size, bold) > width and len(rest) > 1:
        cut = 1
        while cut < len(rest) - 1 and text_width(rest[: cut + 1] + "-", size, bold) <= width:
            cut += 1
        out.append(rest[:cut] + "-")
        rest = rest[cut:]
    out.append(rest)
    return out


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy line breaking of one paragraph into lines no wider than ``width`` mm (words cut only if needed)."""
    lines: list[str] = []
    line = ""
    spaced = False  # the last piece on the line was followed by a space
    for piece, space_after in _pieces(text):
        candidate = f"{line} {piece}" if line and spaced else line + piece
        if not line or text_width(candidate, size, bold) <= width:
            line = candidate
        else:
            lines.append(line)
            line = piece
        if text_width(line, size, bold) > width:
            *done, line = _split_word(line, width, size, bold)
            lines.extend(done)
        spaced = space_after
    if line or not lines:
        lines.append(line)
    return lines


def _subset_bytes(bold: bool, characters: str) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(font_path(bold))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters + " ")
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def font_face_css(embed: bool = True, characters: str | None = None) -> str:
    """``@font-face`` rules naming the bundled files, for HTML or an SVG ``<style>`` (WeasyPrint reads both).

    ``embed`` gives data URIs (self-contained output); ``characters`` reduces the embedded fonts to the glyphs
    that are used. Without ``embed`` the rules point at the files with ``file://`` URLs.
    """
    rules = []
    for bold in (False, True):
        if embed:
            data = _subset_bytes(bold, characters) if characters is not None else font_path(bold).read_bytes()
            src = "data:font/ttf;base64," + base64.b64encode(data).decode("ascii")
        else:
            src = font_path(bold).resolve().as_uri()
        weight = "bold" if bold else "normal"
        rules.append(
            f'@font-face{{font-family:"{FONT_FAMILY}";font-weight:{weight};font-style:normal;'
            f'src:url("{src}") format("truetype")}}'
        )
    return "\n".join(rules)
