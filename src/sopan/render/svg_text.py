"""Drawing SVG text one line at a time in WeasyPrint, which otherwise lays out and draws every letter on its own.

WeasyPrint (``weasyprint/svg/text.py``) asks Pango for one layout per letter of an SVG ``<text>`` so that it can
honour per-letter ``x``/``dx``/``rotate`` lists; a flowchart page has a few hundred lines of text and the book some
100,000 letters, which made drawing that text most of a book's time. sopan's SVG text is plain: one ``x`` and one
``y``, no per-letter positions, no letter spacing. Laid out once as a whole line, without kerning or ligatures,
every glyph lands where the letter-by-letter drawing puts it (and where ``text.text_width`` measured it).
``one_line_text`` does that for such ``<text>`` elements and hands any other to WeasyPrint's own drawing;
``line_at_a_time`` installs it for the duration of sopan's own rendering (which runs under one lock) and puts
WeasyPrint's back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import inf
from typing import Any

__all__ = ["line_at_a_time", "one_line_text"]

# Attributes that need WeasyPrint's letter-by-letter drawing (or its baseline shifts).
_LETTERWISE = (
    "dx",
    "dy",
    "rotate",
    "textLength",
    "letter-spacing",
    "display-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "direction",
)


def _plain(node: Any) -> bool:
    attrib = node.attrib
    if next(iter(node), None) is not None or not node.text or any(name in attrib for name in _LETTERWISE):
        return False
    return all(len(attrib.get(name, "0").split()) == 1 for name in ("x", "y"))


def _style(svg: Any, node: Any, font_size: float) -> Any:
    """The style WeasyPrint's own SVG text drawing builds (initial values, the node's font attributes)."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    named = {"normal": 400, "bold": 700}
    try:
        style["font_weight"] = named[weight] if weight in named else int(weight)
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    # Letter by letter no pair is ever kerned or joined; so that the whole line is as wide, neither is done here
    # (a system copy of the font may have kerning that the bundled one has not).
    style["font_kerning"] = "none"
    style["font_variant_ligatures"] = "none"
    return style


def one_line_text(svg: Any, node: Any, font_size: float) -> None:
    """Draw a plain ``<text>`` as one Pango layout; anything else as WeasyPrint does."""
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    if not _plain(node):
        _ORIGINAL["text"](svg, node, font_size)
        return
    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x = size(node.attrib["x"], font_size, svg.inner_width) if "x" in node.attrib else svg.cursor_position[0]
    y = size(node.attrib["y"], font_size, svg.inner_height) if "y" in node.attrib else svg.cursor_position[1]
    if "x" in node.attrib:
        svg.cursor_d_position[0] = 0
    if "y" in node.attrib:
        svg.cursor_d_position[1] = 0
    x_position, y_position = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
    svg.cursor_position = x + width, y
    points = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


_ORIGINAL: dict[str, Any] = {}


@contextmanager
def line_at_a_time() -> Iterator[None]:
    """While inside, WeasyPrint draws plain SVG text with ``one_line_text`` (the caller holds the render lock)."""
    from weasyprint import svg as weasy_svg

    original = weasy_svg.text
    if original is one_line_text:  # already installed (a nested call)
        yield
        return
    _ORIGINAL["text"] = original
    tags = [tag for tag, draw in weasy_svg.TAGS.items() if draw is original]
    # draw_node compares TAGS entries with the module's ``text`` to find text elements: both are replaced.
    weasy_svg.text = one_line_text
    for tag in tags:
        weasy_svg.TAGS[tag] = one_line_text
    try:
        yield
    finally:
        weasy_svg.text = original
        for tag in tags:
            weasy_svg.TAGS[tag] = original
