"""The official PDF to be signed: Tanggal Efektif set to the signing date, and where the signature goes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sopan.model import Organisation, Sop
from sopan.model.dates import PartialDate

from .errors import SigningError
from .pades import Placement

__all__ = ["effective_on", "pdf_to_sign"]


def effective_on(sop: Sop, day: dt.date) -> Sop:
    """``sop`` with Tanggal Efektif = ``day`` (the signing date), everything else unchanged."""
    return sop.model_copy(update={"effective": PartialDate(day.year, day.month, day.day)})


def pdf_to_sign(
    sop: Sop, organisation: Organisation | None, signed_on: dt.date, **options: Any
) -> tuple[bytes, Placement]:
    """The official PDF of ``sop`` effective ``signed_on`` and its signature box; ``options`` as ``sop_pdf``'s."""
    from sopan.render.signature import sop_pdf_with_signature_box

    pdf, box = sop_pdf_with_signature_box(effective_on(sop, signed_on), organisation, **options)
    if box is None:
        raise SigningError(
            "TTE-KOTAK",
            "Halaman identitas SOP tidak memiliki tempat tanda tangan.",
            "The SOP's identity page has no signature box.",
        )
    return pdf, Placement(box.page, box.x, box.y, box.width, box.height)
