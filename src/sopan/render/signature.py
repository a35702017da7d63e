"""Where the identity page reserves the signature: its page and box in PDF points, for a visible e-signature.

The box is the blank room under the position in "Disahkan Oleh" (``sop-identity__signature``): a PAdES
visible signature's rectangle, or BSrE's ``originX``/``originY`` with its width and height. Coordinates are PDF
user space: points (1/72 inch) from the page's bottom-left corner, pages numbered from 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Organisation, Sop
from . import PageSpec
from .identity import Resolver

if TYPE_CHECKING:
    from weasyprint.document import Document

__all__ = ["SIGNATURE_CLASS", "SignatureBox", "find_signature_boxes", "signature_box", "sop_pdf_with_signature_box"]

SIGNATURE_CLASS = "sop-identity__signature"
APPROVAL_CLASS = "sop-identity__approval"
PX_TO_PT = 0.75  # CSS pixels are 1/96 inch, PDF points 1/72


@dataclass(frozen=True)
class SignatureBox:
    """The signature's room: ``page`` from 1; ``x``, ``y`` its bottom-left corner, in points from the page's
    bottom-left; ``block`` the whole "Disahkan Oleh" cell (position to NIP) as (x, y, width, height)."""

    page: int
    x: float
    y: float
    width: float
    height: float
    block: tuple[float, float, float, float]

    @property
    def top(self) -> float:
        return self.y + self.height


def _classes(box: object) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def _rect(box: object, page_height: float) -> tuple[float, float, float, float]:
    """A box's border box in points, bottom-left origin."""
    x, y = box.border_box_x(), box.border_box_y()  # type: ignore[attr-defined]
    w, h = box.border_width(), box.border_height()  # type: ignore[attr-defined]
    return x * PX_TO_PT, (page_height - y - h) * PX_TO_PT, w * PX_TO_PT, h * PX_TO_PT


def find_signature_boxes(document: Document) -> list[SignatureBox]:
    """Every signature room of a laid-out document, in page order (one per identity page: a book has many)."""
    found: list[SignatureBox] = []
    for number, page in enumerate(document.pages, start=1):
        cell = None
        for box in page._page_box.descendants():
            classes = _classes(box)
            if APPROVAL_CLASS in classes:
                cell = box
            elif SIGNATURE_CLASS in classes:
                x, y, w, h = _rect(box, page.height)
                block = _rect(cell, page.height) if cell is not None else (x, y, w, h)
                found.append(SignatureBox(number, x, y, w, h, block))
    return found


def sop_pdf_with_signature_box(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    spec: PageSpec | None = None,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
) -> tuple[bytes, SignatureBox | None]:
    """One SOP as PDF (the identity page, then the flowchart pages) and where its signature goes."""
    from .html import sop_html
    from .pdf import html_to_pdf_measured

    spec = spec or PageSpec()
    html = sop_html(
        sop, organisation, spec=spec, organisation_dir=organisation_dir, resolve=resolve, styles=False, pictures=True
    )
    pdf, boxes = html_to_pdf_measured(html, spec, find_signature_boxes)
    return pdf, boxes[0] if boxes else None


def signature_box(sop: Sop, organisation: Organisation | None = None, **options: Any) -> SignatureBox | None:
    """Where the signature goes in the PDF of ``sop`` made with the same arguments (as ``sop_pdf``'s)."""
    return sop_pdf_with_signature_box(sop, organisation, **options)[1]
