"""The official document of an SOP: the flowchart geometry (``flowchart``) and the writers that draw it.

``layout_sop`` gives the pages (columns, header cells, rows with their wrapped text, symbols, second-lane
markers, off-page connectors, arrows with their labels) to draw or to check; ``flowchart_svgs`` and
``page_svg`` draw them; ``lane_region_svg`` draws only the lane columns of a page, for a writer that builds
the table itself and sets its row heights from ``Page.body()``.

The geometry lives in ``flowchart/`` (its stages in order in that package's docstring); beside it are the
writers: ``svg``, ``html``, ``pdf``, ``docx`` (with ``docx_identity``, ``docx_shapes``), ``book``, and the
``identity`` page and ``text`` (fonts and measuring) they share. Choices, each explained where it is made:

- text is measured with the bundled DejaVu Sans Condensed, without kerning, so measured = drawn (``text``);
- the first and the final step are terminators unless they are decisions; after a final decision, or when
  other steps also reach ``selesai``, an extra end terminator in its own row receives every ``selesai`` edge
  (``plan``);
- a second lane of a step is a dashed outline joined by a dashed line to the symbol (``symbols``);
- connectors: out at the bottom of the source's page, in right above the target symbol (``layout``);
- arrows run on a track grid around symbols, labels and each other; labels are placed first (``routing``,
  ``flow``, ``labels``);
- a row too tall for a page shrinks its font, then is cut with '…' and a page warning (``rows``).
"""

from __future__ import annotations

from ..model.sop import Sop
from .flowchart.layout import layout_sop
from .flowchart.page import Page, PageSpec
from .svg import lane_region_svg, page_svg
from .text import FONT_FAMILY, font_face_css
from .version import renderer_version

__all__ = [
    "FONT_FAMILY",
    "Page",
    "PageSpec",
    "flowchart_svgs",
    "font_face_css",
    "lane_region_svg",
    "layout_sop",
    "page_svg",
    "renderer_version",
]


def flowchart_svgs(
    sop: Sop,
    spec: PageSpec | None = None,
    highlight_step: int | None = None,
    embed_font: bool = False,
    full_page: bool = False,
) -> list[str]:
    """One standalone SVG per flowchart page of ``sop`` (see ``page_svg`` for the options)."""
    return [
        page_svg(page, highlight_step=highlight_step, embed_font=embed_font, full_page=full_page)
        for page in layout_sop(sop, spec)
    ]
