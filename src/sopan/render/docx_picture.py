"""The lanes of a flowchart page as a PNG for Word, with its text drawn as outlines of the bundled font.

cairosvg draws text with whatever fonts the system has, and the bundled DejaVu Sans Condensed is rarely
installed (Windows never has it): a wider fallback would push the decision labels and connector letters off
the places the layout measured for them. Turning each ``<text>`` into the glyph outlines of the bundled font
makes the picture the same on every machine. Advances are summed without kerning, as the layout measures.
"""

from __future__ import annotations

from functools import lru_cache

import cairosvg
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont
from lxml import etree

from . import Page, lane_region_svg
from .text import font_path

__all__ = ["lane_png", "outline_text"]

SVG = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=2)
def _font(bold: bool) -> TTFont:
    return TTFont(font_path(bold))


@lru_cache(maxsize=2048)
def _glyph(bold: bool, character: str) -> tuple[str, int]:
    """The outline of one character in font units (y up) and its advance."""
    font = _font(bold)
    name = font.getBestCmap().get(ord(character), ".notdef")
    glyphs = font.getGlyphSet()
    pen = SVGPathPen(glyphs)
    glyphs[name].draw(pen)
    return pen.getCommands(), glyphs[name].width


def _outline(text: etree._Element) -> etree._Element:
    bold = text.get("font-weight") == "bold"
    size = float(text.get("font-size", "3"))
    scale = size / _font(bold)["head"].unitsPerEm
    glyphs = [_glyph(bold, character) for character in text.text or ""]
    x = float(text.get("x", "0"))
    if text.get("text-anchor") == "middle":
        x -= sum(advance for _, advance in glyphs) * scale / 2
    group = etree.Element(f"{SVG}g", fill=text.get("fill", "#000"))
    group.set("transform", f"translate({x:.3f},{float(text.get('y', '0')):.3f}) scale({scale:.6f},{-scale:.6f})")
    offset = 0
    for commands, advance in glyphs:
        if commands:
            etree.SubElement(group, f"{SVG}path", d=commands, transform=f"translate({offset},0)")
        offset += advance
    return group


def outline_text(svg: str) -> str:
    """The SVG with every ``<text>`` replaced by its outlines (the SVG of ``lane_region_svg`` has no nested
    text spans)."""
    root = etree.fromstring(svg.encode("utf-8"))
    for text in list(root.iter(f"{SVG}text")):
        text.getparent().replace(text, _outline(text))
    outlined: str = etree.tostring(root, encoding="unicode")
    return outlined


def lane_png(page: Page, dpi: int) -> bytes:
    """The page's lane region (``Page.lane_area`` in size) as PNG at ``dpi``."""
    svg = outline_text(lane_region_svg(page)).encode("utf-8")
    png: bytes = cairosvg.svg2png(bytestring=svg, dpi=dpi, background_color="#fff")
    return png
