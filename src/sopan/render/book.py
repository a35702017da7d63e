"""The SOP book of an organisation (Unsur Dokumentasi): cover, the decrees that enact the SOPs, a table of
contents, short usage notes, then every SOP, each starting on a new page.

SOPs come by their number, unnumbered ones last (``book_order``; ``judul``: in the order of the decrees' lists,
then the rest by title). Without a decree that enacts them, a clearly marked placeholder page stands where it
belongs, and ``book_warnings`` says so. Page numbers run through the whole book; in the HTML the table of
contents and the decree's list get theirs from CSS ``target-counter``; the PDF is printed in parts on several
processes (``book_parts``), which write them out from the printed pages. Entries of a decree whose SOP has
no file are listed without a page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..io.library import Library, load_library
from ..io.logo import check_logo
from ..model import Decree, Organisation, Sop
from . import PageSpec
from .book_order import BookOrder, book_order
from .book_usage import usage_notes_html
from .html import document_css, html_document, inline_image, sop_article
from .identity import format_date, format_nip, library_resolver

__all__ = [
    "Book",
    "BookError",
    "BookOrder",
    "book_articles",
    "book_front",
    "book_html",
    "book_order",
    "book_pdf",
    "book_warnings",
    "load_book",
]

TITLE = "STANDAR OPERASIONAL PROSEDUR"


@dataclass(frozen=True)
class Book:
    """An organisation, its folder (for the logo), its SOPs in book order, and the library to resolve links."""

    organisation: Organisation
    folder: Path | None
    sops: tuple[Sop, ...]
    library: Library

    @property
    def year(self) -> int | None:
        """The year of the first decree that lists SOPs, else of the latest date on an SOP."""
        for decree in self.organisation.decrees:
            if decree.entries and decree.date is not None:
                return decree.date.year
        years = [d.year for sop in self.sops for d in (sop.effective, sop.created, sop.revised) if d is not None]
        return max(years, default=None)

    def anchor(self, sop: Sop) -> str:
        return f"sop-{sop.id}"

    @property
    def enacted(self) -> bool:
        """Whether a decree of the organisation enacts SOPs: it lists them, or an SOP names its number."""
        named = {sop.enacted_by.strip() for sop in self.sops if sop.enacted_by}
        return any(d.entries or (d.number and d.number.strip() in named) for d in self.organisation.decrees)


class BookError(ValueError):
    """The folder holds no organisation to make a book of (the message is in Bahasa Indonesia and English)."""

    def __init__(self, id_text: str, en_text: str) -> None:
        super().__init__(en_text)
        self.id_text, self.en_text = id_text, en_text

    def text(self, lang: str = "id") -> str:
        return self.en_text if lang == "en" else self.id_text


def load_book(folder: Path | str, order: BookOrder = "nomor") -> tuple[Book, Library]:
    """The book of the organisation whose ``organisasi.yaml`` is in ``folder``, its SOPs in ``order``; also the
    loaded library (with the problems of any broken file). Raises ``BookError`` when the folder has no readable
    organisation."""
    folder = Path(folder)
    library = load_library([folder])
    codes = [code for code, path in library.organisation_paths.items() if path.parent.resolve() == folder.resolve()]
    if not codes:
        raise BookError(
            f"{folder}: tidak ada organisasi.yaml yang dapat dibaca di folder ini",
            f"{folder}: no readable organisasi.yaml in this folder",
        )
    organisation = library.organisations[codes[0]]
    sops = book_order(organisation, library.by_organisation(organisation.code), order)
    return Book(organisation, folder, tuple(sops), library), library


def book_warnings(book: Book) -> list[tuple[str, str]]:
    """What the book lacks, as (Bahasa Indonesia, English) sentences for ``sopan book`` to print."""
    warnings: list[tuple[str, str]] = []
    logo = book.organisation.logo
    problem = check_logo(logo, book.folder).problem
    if problem is not None:
        warnings.append((f"logo '{logo}' tidak dipakai: {problem.id}", f"logo '{logo}' left out: {problem.en}"))
    if book.enacted:
        return warnings
    return [
        *warnings,
        (
            f"{book.organisation.code}: keputusan penetapan SOP belum dicatat di organisasi.yaml (keputusan); "
            "buku memuat halaman pengganti yang ditandai",
            f"{book.organisation.code}: no decree enacting the SOPs in organisasi.yaml (keputusan); "
            "the book holds a marked placeholder page",
        ),
    ]


# ----- pieces -------------------------------------------------------------------------------------------------


def _cover(book: Book) -> str:
    organisation = book.organisation
    parts = ['<section class="sop-sheet book-cover">']
    if organisation.logo and organisation.logo.startswith("data:"):  # a logo an office uploaded, already inline
        logo: str | None = organisation.logo
    else:
        usable = check_logo(organisation.logo, book.folder).path
        logo = inline_image(str(usable)) if usable is not None else None
    if logo:
        parts.append(f'<img class="book-cover__logo" src="{escape(logo, quote=True)}" alt="Logo"/>')
    parts.append(f'<h1 class="book-cover__title">{TITLE}</h1>')
    parts.append('<div class="book-cover__unit">')
    parts += [f'<p class="book-cover__parent">{escape(line.upper())}</p>' for line in organisation.parents]
    parts.append(f'<p class="book-cover__name">{escape(organisation.name.upper())}</p>')
    parts.append("</div>")
    if organisation.address:
        parts.append(f'<p class="book-cover__address">{escape(organisation.address)}</p>')
    if book.year is not None:
        parts.append(f'<p class="book-cover__year">{book.year}</p>')
    parts.append("</section>")
    return "\n".join(parts)


Pages = Mapping[str, int]


def _page_link(anchor: str | None, pages: Pages | None = None) -> str:
    """A cell that WeasyPrint fills with the page number of ``anchor`` (empty without one); with ``pages`` (the
    book printed in parts, ``book_pdf``) the number is written out and the link is marked for the merge."""
    if anchor is None:
        return '<td class="book-page book-page--none">-</td>'
    if pages is not None:
        target = escape(anchor, quote=True)
        return (
            f'<td class="book-page"><span class="book-page__fixed" data-target="{target}">{pages[anchor]}</span></td>'
        )
    return f'<td class="book-page"><a class="book-page__ref" href="#{escape(anchor, quote=True)}"></a></td>'


def _decree_list(book: Book, decree: Decree, pages: Pages | None) -> str:
    """The decree's numbered list of SOP titles, with their kelompok (when the decree gives any) and page."""
    present = {sop.id: sop for sop in book.sops}
    grouped = any(entry.group for entry in decree.entries)
    rows = []
    for number, entry in enumerate(decree.entries, start=1):
        anchor = book.anchor(present[entry.sop]) if entry.sop in present else None
        group = f"<td>{escape(entry.group or '-')}</td>" if grouped else ""
        rows.append(
            f"<tr><td class='book-num'>{number}</td><td>{escape(entry.title)}</td>{group}"
            f"{_page_link(anchor, pages)}</tr>"
        )
    head = "<th>Kelompok</th>" if grouped else ""
    return (
        '<h3 class="book-decree__annex">DAFTAR STANDAR OPERASIONAL PROSEDUR</h3>\n'
        f'<table class="book-table"><thead><tr><th class="book-num">No</th><th>Judul SOP</th>{head}'
        '<th class="book-page">Halaman</th></tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>"
    )


def _team(decree: Decree) -> str:
    parts = []
    if decree.members:
        rows = "\n".join(
            f"<tr><td class='book-num'>{n}</td><td>{escape(m.team_role)}</td><td>{escape(m.position)}</td></tr>"
            for n, m in enumerate(decree.members, start=1)
        )
        parts.append(
            '<h3 class="book-decree__annex">SUSUNAN TIM</h3>\n<table class="book-table"><thead><tr>'
            '<th class="book-num">No</th><th>Kedudukan</th><th>Jabatan</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody></table>"
        )
    if decree.tasks:
        items = "".join(f"<li>{escape(task)}</li>" for task in decree.tasks)
        parts.append(f'<h3 class="book-decree__annex">TUGAS TIM</h3>\n<ol class="book-decree__tasks">{items}</ol>')
    return "\n".join(parts)


def _signature(decree: Decree) -> str:
    """'Ditetapkan di ... pada tanggal ...' and the signature block, in one wrapper no page break splits."""
    lines = []
    if decree.place:
        lines.append(f"<p>Ditetapkan di {escape(decree.place)}</p>")
    if decree.date is not None:
        unit = "tanggal" if decree.date.day else "bulan" if decree.date.month else "tahun"
        said = "pada" if decree.place else "Ditetapkan pada"
        lines.append(f"<p>{said} {unit} {escape(format_date(decree.date))}</p>")
    signatory = decree.signed_by
    if signatory is not None:
        lines.append(f'<p class="book-decree__position">{escape(signatory.position.upper())},</p>')
        lines.append('<div class="book-decree__space"></div>')
        if signatory.name:
            lines.append(f'<p class="book-decree__name">{escape(signatory.name)}</p>')
        if signatory.nip:
            lines.append(f"<p>{escape(format_nip(signatory.nip) or '')}</p>")
    return f'<div class="book-decree__signature">{"".join(lines)}</div>' if lines else ""


def _decree_anchor(index: int) -> str:
    return f"keputusan-{index + 1}"


def _decree(book: Book, decree: Decree, index: int, pages: Pages | None) -> str:
    kind = escape((decree.kind or "Keputusan").upper())
    number = f'<p class="book-decree__number">NOMOR {escape(decree.number)}</p>' if decree.number else ""
    body = [
        f'<section class="sop-sheet book-decree" id="{_decree_anchor(index)}">',
        f'<h2 class="book-decree__kind">{kind}</h2>',
        number,
        '<p class="book-decree__about">TENTANG</p>',
        f'<p class="book-decree__title">{escape(decree.title.upper())}</p>',
        _team(decree),
        _decree_list(book, decree, pages) if decree.entries else "",
        _signature(decree),
        "</section>",
    ]
    return "\n".join(part for part in body if part)


PLACEHOLDER_ANCHOR = "keputusan-belum-dicatat"


def _placeholder() -> str:
    """Where the enacting decree belongs when the organisation file records none: a page that says so."""
    return (
        f'<section class="sop-sheet book-placeholder" id="{PLACEHOLDER_ANCHOR}">\n'
        '<h2 class="book-heading">KEPUTUSAN PENETAPAN BELUM DICATAT</h2>\n'
        '<p class="book-placeholder__text">Keputusan yang menetapkan SOP dalam buku ini belum dicatat pada berkas '
        "organisasi (<code>organisasi.yaml</code>, bagian <code>keputusan</code>). Catat jenis, nomor, tanggal, "
        "tempat, dan penandatangannya beserta daftar SOP yang ditetapkan sebelum buku ini dipakai sebagai "
        "dokumen resmi.</p>\n"
        '<p class="book-placeholder__text" lang="en">The decree enacting the SOPs of this book is not yet '
        "recorded in the organisation file.</p>\n</section>"
    )


def _toc(book: Book, pages: Pages | None) -> str:
    rows = []
    if not book.enacted:
        rows.append(
            "<tr><td></td><td colspan='2'>Keputusan penetapan belum dicatat</td>"
            f"{_page_link(PLACEHOLDER_ANCHOR, pages)}</tr>"
        )
    for index, decree in enumerate(book.organisation.decrees):
        kind = decree.kind or "Keputusan"
        title = f"{kind}{f' Nomor {decree.number}' if decree.number else ''} tentang {decree.title}"
        rows.append(f"<tr><td></td><td colspan='2'>{escape(title)}</td>{_page_link(_decree_anchor(index), pages)}</tr>")
    rows.append(f"<tr><td></td><td colspan='2'>Petunjuk Penggunaan</td>{_page_link('petunjuk', pages)}</tr>")
    for number, sop in enumerate(book.sops, start=1):
        rows.append(
            f"<tr><td class='book-num'>{number}</td><td>{escape(sop.title)}</td>"
            f"<td class='book-toc__number'>{escape(sop.number or '')}</td>{_page_link(book.anchor(sop), pages)}</tr>"
        )
    return (
        '<section class="sop-sheet book-toc" id="daftar-isi">\n<h2 class="book-heading">DAFTAR ISI</h2>\n'
        '<table class="book-table book-toc__table"><thead><tr><th class="book-num">No</th><th>Judul</th>'
        '<th>Nomor SOP</th><th class="book-page">Halaman</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n</section>"
    )


def book_front(book: Book, pages: Pages | None = None) -> str:
    """Cover, decrees, table of contents and usage notes; ``pages``: every anchor's page written out."""
    parts = [_cover(book)]
    parts += [_decree(book, decree, index, pages) for index, decree in enumerate(book.organisation.decrees)]
    if not book.enacted:
        parts.append(_placeholder())
    parts.append(_toc(book, pages))
    parts.append(usage_notes_html())
    return "\n".join(parts) + "\n"


def book_articles(book: Book, spec: PageSpec, sops: Sequence[Sop], *, pictures: bool = False) -> str:
    """``sops`` of the book, each as an article (identity page, flowchart pages; ``pictures``: see ``sop_article``)."""
    resolve = library_resolver(book.library)
    folder, organisation = book.folder, book.organisation
    parts = [
        sop_article(
            sop,
            organisation,
            spec=spec,
            organisation_dir=folder,
            resolve=resolve,
            anchor=book.anchor(sop),
            pictures=pictures,
        )
        for sop in sops
    ]
    return "".join(parts)


def book_body(book: Book, spec: PageSpec) -> str:
    """Cover, decrees, table of contents, usage notes, then each SOP as an article."""
    return book_front(book) + book_articles(book, spec, book.sops)


def book_html(book: Book, *, spec: PageSpec | None = None, styles: bool = True) -> str:
    """The book as one standalone HTML document (``styles=False``: for ``html_to_pdf``)."""
    spec = spec or PageSpec()
    title = f"{TITLE} {book.organisation.name}"
    css = document_css(spec) if styles else None
    return html_document(title, book_body(book, spec), css, author=book.organisation.name)


def book_pdf(book: Book, *, spec: PageSpec | None = None, jobs: int = 1) -> bytes:
    """The book as PDF, printed in parts on ``jobs`` processes (the same bytes for any number, ``book_parts``)."""
    from .book_parts import print_book

    return print_book(book, spec or PageSpec(), jobs)
