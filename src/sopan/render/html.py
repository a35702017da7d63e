"""One SOP as a complete, standalone HTML document: the identity page, then the flowchart pages.

Everything the document needs is inside it (styles, the font as data URIs, the logo, the flowchart as inline
SVG), so it opens offline and prints the same anywhere. Print rules give landscape A4 or F4 pages, as the
``PageSpec`` says, with "Halaman N dari M" in the bottom margin and the SOP's title above each flowchart page.
On screen the pages are shown as sheets. The same pieces serve the book (``sop_article``, ``html_document``)
and the PDF, which passes the styles to WeasyPrint once instead of inside every document.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import replace
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path

from .. import __version__
from ..model import Organisation, Sop
from . import PageSpec, font_face_css, layout_sop, page_svg
from .identity import IdentityPage, Resolver, build_identity, identity_html

__all__ = ["document_css", "html_document", "inline_image", "page_css", "sop_article", "sop_html", "stylesheet"]


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The static rules of ``templates/sopan.css`` (identity, flowchart, book, print)."""
    return resources.files("sopan.render").joinpath("templates/sopan.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _embedded_fonts() -> str:
    return font_face_css(embed=True)


def _mm(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "mm"


@lru_cache(maxsize=8)
def page_css(spec: PageSpec) -> str:
    """The rules that depend on the paper: page size and margins, and the sheets shown on screen."""
    width, height = spec.paper_size
    margins = " ".join(_mm(m) for m in (spec.margin_top, spec.margin_right, spec.margin_bottom, spec.margin_left))
    return (
        f"@page {{ size: {_mm(width)} {_mm(height)}; margin: {margins}; }}\n"
        "@media screen {\n"
        f"  .sop-sheet {{ width: {_mm(spec.content_width)}; min-height: {_mm(spec.content_height)}; "
        f"padding: {margins}; }}\n"
        "}\n"
    )


def document_css(spec: PageSpec, *, embed_font: bool = True) -> str:
    """All the styles of a document: the font, ``sopan.css`` and the paper's rules."""
    fonts = _embedded_fonts() if embed_font else font_face_css(embed=False)
    return f"{fonts}\n{stylesheet()}\n{page_css(spec)}"


def inline_image(path: str | None) -> str | None:
    """A local image as a data URI, so the document does not depend on where it is opened; None if missing."""
    if not path or path.startswith("data:"):
        return path
    file = Path(path)
    if not file.is_file():
        return None
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def _picture(svg: str, number: int) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="sop-flowchart__drawing" src="data:image/svg+xml;base64,{data}" alt="Bagan alir {number}"/>\n'


def _anchor(sop: Sop) -> str:
    return f"sop-{sop.organisation}-{sop.id or 'sop'}"


def _identity(
    sop: Sop, organisation: Organisation | None, organisation_dir: Path | None, resolve: Resolver | None
) -> IdentityPage:
    page = build_identity(sop, organisation, organisation_dir=organisation_dir, resolve=resolve)
    return replace(page, logo=inline_image(page.logo))


def sop_article(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    spec: PageSpec | None = None,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
    anchor: str | None = None,
    pictures: bool = False,
) -> str:
    """The SOP's pages as one ``<article>``: the identity sheet, then one sheet per flowchart page.

    ``anchor`` is the article's id (a book's table of contents links to it). With ``pictures`` each flowchart is
    an ``<img>`` of its SVG instead of inline SVG: the same drawing, which WeasyPrint reads much faster (its
    HTML parser and style cascade would otherwise go through every element of the drawing).
    """
    identity = identity_html(_identity(sop, organisation, organisation_dir, resolve))
    pages = layout_sop(sop, spec)
    sheets = [f'<div class="sop-sheet sop-sheet--identity">\n{identity}</div>']
    for page in pages:
        drawing = _picture(page_svg(page), page.number) if pictures else page_svg(page)
        sheets.append(f'<section class="sop-sheet sop-flowchart" data-page="{page.number}">\n{drawing}</section>')
    title = escape(sop.title, quote=True)
    number = escape(sop.number or "", quote=True)
    return (
        f'<article class="sop" id="{escape(anchor or _anchor(sop), quote=True)}" data-title="{title}" '
        f'data-number="{number}">\n' + "\n".join(sheets) + "\n</article>\n"
    )


def html_document(title: str, body: str, css: str | None, *, author: str | None = None, lang: str = "id") -> str:
    """A complete HTML document; ``css`` None leaves the styles out (WeasyPrint gets them separately).

    The title and author also become the PDF's metadata.
    """
    style = f"<style>\n{css}\n</style>\n" if css is not None else ""
    meta = f'<meta name="author" content="{escape(author, quote=True)}"/>\n' if author else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f'<meta name="generator" content="sopan {__version__}"/>\n{meta}'
        f"<title>{escape(title)}</title>\n{style}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def sop_html(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    spec: PageSpec | None = None,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
    styles: bool = True,
    pictures: bool = False,
) -> str:
    """One SOP as a standalone HTML document; ``styles=False`` leaves the styles to the caller (the PDF),
    ``pictures`` draws the flowcharts as images (``sop_article``)."""
    spec = spec or PageSpec()
    body = sop_article(
        sop, organisation, spec=spec, organisation_dir=organisation_dir, resolve=resolve, pictures=pictures
    )
    title = f"{sop.title} ({sop.number})" if sop.number else sop.title
    author = organisation.name if organisation is not None else None
    return html_document(title, body, document_css(spec) if styles else None, author=author)
