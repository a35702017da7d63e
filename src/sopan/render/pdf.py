"""PDF through WeasyPrint, from the same HTML as the standalone document.

WeasyPrint spends most of a small document's time on styles and fonts, so both are prepared once per paper and
reused: one ``FontConfiguration`` for the process, and one parsed stylesheet (the font as file URLs, sopan.css,
the page rules) per ``PageSpec``. The HTML itself is then passed without styles. Since the web application
renders from several threads, PDFs are written one at a time per process.
"""

from __future__ import annotations

import atexit
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..model import Organisation, Sop
from . import PageSpec
from .html import document_css
from .identity import Resolver
from .svg_text import line_at_a_time

if TYPE_CHECKING:
    from collections.abc import Callable

    from weasyprint import CSS
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

__all__ = ["html_to_pdf", "html_to_pdf_measured", "html_to_pdf_measured_layout_only", "sop_pdf"]

_LOCK = threading.Lock()
T = TypeVar("T")


@lru_cache(maxsize=1)
def _fonts() -> FontConfiguration:
    from weasyprint.text.fonts import FontConfiguration

    atexit.register(_release)
    return FontConfiguration()


def _release() -> None:
    """Drop the cached configuration while Python is still whole: it removes its temporary font folder."""
    _stylesheet.cache_clear()
    _fonts.cache_clear()


@lru_cache(maxsize=4)
def _stylesheet(spec: PageSpec) -> CSS:
    from weasyprint import CSS

    return CSS(string=document_css(spec, embed_font=False), font_config=_fonts())


def html_to_pdf(html: str, spec: PageSpec | None = None, *, base_url: str | Path | None = None) -> bytes:
    """A PDF of an HTML document written without styles (``styles=False``): sopan's styles are added here."""
    return html_to_pdf_measured(html, spec, lambda _: None, base_url=base_url)[0]


def html_to_pdf_measured(
    html: str, spec: PageSpec | None, measure: Callable[[Document], T], *, base_url: str | Path | None = None
) -> tuple[bytes, T]:
    """Like ``html_to_pdf``, and what ``measure`` reads from the laid-out pages (e.g. where a box fell)."""
    from weasyprint import HTML

    source = HTML(string=html, base_url=str(base_url) if base_url is not None else None)
    with _LOCK, line_at_a_time():  # one at a time: the shared fonts (fontconfig, Pango) are not thread-safe
        document = source.render(stylesheets=[_stylesheet(spec or PageSpec())], font_config=_fonts())
        pdf: bytes = document.write_pdf()
        return pdf, measure(document)


def sop_pdf(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    spec: PageSpec | None = None,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
) -> bytes:
    """One SOP as PDF: the identity page, then the flowchart pages."""
    from .signature import sop_pdf_with_signature_box

    pdf, _ = sop_pdf_with_signature_box(
        sop, organisation, spec=spec, organisation_dir=organisation_dir, resolve=resolve
    )
    return pdf


def html_to_pdf_measured_layout_only(
    html: str, spec: PageSpec | None, measure: Callable[[Document], T], *, base_url: str | Path | None = None
) -> T:
    """What ``measure`` reads from the laid-out pages, without writing the PDF (to count pages first)."""
    from weasyprint import HTML

    source = HTML(string=html, base_url=str(base_url) if base_url is not None else None)
    with _LOCK, line_at_a_time():
        return measure(source.render(stylesheets=[_stylesheet(spec or PageSpec())], font_config=_fonts()))
