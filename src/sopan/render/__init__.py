"""Flowchart pages of a SOP: the layout as pure geometry, and its drawing as SVG.

``layout_sop`` gives the pages (table columns, rows with wrapped text, symbols, arrows, connectors) to draw
or check; ``flowchart_svgs`` draws them; ``lane_region_svg`` draws only the lane columns of a page for a
writer that builds the table itself.
"""

from __future__ import annotations

from ..model.sop import Sop
from .layout import layout_sop
from .page import Page, PageSpec
from .svg import lane_region_svg, page_svg
from .text import FONT_FAMILY, font_face_css

__all__ = [
    "FONT_FAMILY",
    "Page",
    "PageSpec",
    "flowchart_svgs",
    "font_face_css",
    "lane_region_svg",
    "layout_sop",
    "page_svg",
]


def flowchart_svgs(
    sop: Sop,
    spec: PageSpec | None = None,
    highlight_step: int | None = None,
    embed_font: bool = False,
    full_page: bool = False,
) -> list[str]:
    """One standalone SVG per flowchart page of ``sop``."""
    return [
        page_svg(page, highlight_step=highlight_step, embed_font=embed_font, full_page=full_page)
        for page in layout_sop(sop, spec)
    ]
