"""The flowchart table of an SOP as pure geometry (millimetres, no drawing), built in stages.

The stages, in the order ``layout.layout_sop`` runs them:

1. ``plan``: the flow facts: each step's lanes, its symbol kind, the final step, the edges between steps;
2. ``cells``: the text of each step's cells (kegiatan, kelengkapan, waktu, output, keterangan) as paragraphs;
3. ``columns``: the column widths and the two header rows; ``style``: symbol sizes from the lane width;
4. ``rows``: each row's wrapped text, shrunk or cut when it would outgrow a page;
5. ``layout``: pages filled and off-page connectors lettered (``nodes`` names the ends of a page's arrows);
6. ``flow``, per page: ``symbols`` placed, exit ``labels`` set, then arrows found by ``routing``.

The result is a list of ``page.Page``; the writers beside this package (svg, html, pdf, docx, book) draw it.
"""

from .layout import connector_letter, layout_sop
from .page import Page, PageSpec

__all__ = ["Page", "PageSpec", "connector_letter", "layout_sop"]
