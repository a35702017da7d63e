"""A PAdES signature with its visible appearance in the signature box, through pyHanko."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from .appearance import Appearance, appearance_content
from .outside_loop import blocking

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer as PyHankoSigner

__all__ = ["FIELD_NAME", "Placement", "sign_pdf"]

FIELD_NAME = "TTE-Pengesahan"


@dataclass(frozen=True)
class Placement:
    """Where the visible signature goes: ``page`` from 1, the box in points from the page's bottom-left."""

    page: int
    x: float
    y: float
    width: float
    height: float


def _style(appearance: Appearance, placement: Placement):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import generic, layout
    from pyhanko.pdf_utils.content import PdfResources, RawContent, ResourceType
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.stamp import StaticStampStyle

    font = generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/Type1"),
            pdf_name("/BaseFont"): pdf_name("/Helvetica"),
            pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
        }
    )
    resources = PdfResources()  # type: ignore[no-untyped-call]
    resources[ResourceType.FONT][pdf_name("/F1")] = font
    box = layout.BoxConstraints(width=placement.width, height=placement.height)
    data = appearance_content(appearance, placement.width, placement.height)
    rule = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MIN,
        margins=layout.Margins.uniform(0),  # type: ignore[no-untyped-call]
        inner_content_scaling=layout.InnerScaling.NO_SCALING,
    )
    return StaticStampStyle(
        background=RawContent(data, resources=resources, box=box), border_width=0, background_layout=rule
    )


def sign_pdf(
    pdf: bytes,
    signer: PyHankoSigner,
    appearance: Appearance,
    placement: Placement,
    *,
    reason: str = "Pengesahan SOP",
    location: str = "",
) -> bytes:
    """``pdf`` signed by ``signer`` (PAdES baseline B, SHA-256) with the visible appearance at ``placement``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    field = fields.SigFieldSpec(
        FIELD_NAME,
        on_page=placement.page - 1,
        box=(placement.x, placement.y, placement.x + placement.width, placement.y + placement.height),  # type: ignore[arg-type]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        name=appearance.name,
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer, stamp_style=_style(appearance, placement), new_field_spec=field
    )
    out = BytesIO()
    blocking(lambda: pdf_signer.sign_pdf(writer, output=out))
    return out.getvalue()
