"""The book as PDF, printed in parts on several processes and joined: the same bytes for any number of them.

WeasyPrint spends nearly all of a book's time drawing the flowcharts' text, one document at a time, so the book
is cut into fixed parts (the front matter, then ``CHUNK`` SOPs each: the cut never depends on the number of
processes) and each part is laid out and written by a worker. Page numbers run through the whole book, so each
part starts its page counter where the parts before it end and prints the book's total ("Halaman N dari M");
the contents and the decrees' lists write each page number out instead of asking WeasyPrint (``target-counter``
sees one part only). The starts come from a cheap count first: the front matter laid out once, each SOP's
identity page plus its flowchart pages (``layout_sop``). A part that comes out longer or shorter than counted
(an identity page that overflows) has every start recomputed and the parts printed again, so the numbers are
always those of the printed pages. The joined PDF gets the contents' links back (``pypdf``, BSD-3-Clause).
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from . import PageSpec, layout_sop
from .book import TITLE, Book, book_articles, book_front
from .html import html_document
from .pdf import html_to_pdf_measured, html_to_pdf_measured_layout_only
from .signature import PX_TO_PT

if TYPE_CHECKING:
    from weasyprint.document import Document

__all__ = ["CHUNK", "print_book"]

CHUNK = 8  # SOPs per part: small enough to share out, large enough that each part's fonts are paid for rarely
FRONT = -1  # the part number of the front matter
T = TypeVar("T")
Links = list[tuple[int, tuple[float, float, float, float], str]]  # page from 0, rectangle in points, anchor


@dataclass(frozen=True)
class Printed:
    """One printed part: its PDF, its page count, where its anchors are (page from 0, x, y in points from the
    top-left) and its page-number cells that link elsewhere (page from 0, rectangle in PDF points, anchor)."""

    pdf: bytes
    pages: int
    anchors: dict[str, tuple[int, float, float]]
    links: Links


@dataclass(frozen=True)
class Plan:
    """Where each part starts (page numbers from 1), the book's total, and every anchor's page number."""

    starts: dict[int, int]
    total: int
    numbers: dict[str, int]


_STATE: dict[str, object] = {}  # the book and page of the worker processes (set before they fork)


def _book() -> tuple[Book, PageSpec]:
    book, spec = _STATE["book"], _STATE["spec"]
    assert isinstance(book, Book) and isinstance(spec, PageSpec)
    return book, spec


def _chunks(book: Book) -> list[int]:
    return list(range((len(book.sops) + CHUNK - 1) // CHUNK))


def _page_css(first: int, total: int | None) -> str:
    """The part's page numbers: its first page is ``first``; the total is the book's (None: any, to count)."""
    rules = [f"@page :first {{ counter-increment: page {first}; }}"]
    if total is not None:
        rules.append(f'@page {{ @bottom-right {{ content: "Halaman " counter(page) " dari {total}" !important; }} }}')
        rules.append("@page book-cover { @bottom-right { content: none !important; } }")
    return "\n".join(rules)


def _html(part: int, first: int, total: int | None, numbers: Mapping[str, int] | None) -> str:
    book, spec = _book()
    if part == FRONT:
        body = book_front(book, numbers)
    else:
        body = book_articles(book, spec, book.sops[part * CHUNK : (part + 1) * CHUNK], pictures=True)
    title = f"{TITLE} {book.organisation.name}"
    return html_document(title, body, _page_css(first, total), author=book.organisation.name)


def _measure(document: Document) -> tuple[int, dict[str, tuple[int, float, float]], Links]:
    """The page count, the anchors and the page-number cells of a laid-out part (``Printed``)."""
    anchors: dict[str, tuple[int, float, float]] = {}
    links: Links = []
    seen: set[tuple[int, str]] = set()
    for index, page in enumerate(document.pages):
        for name, (x, y, *_) in page.anchors.items():
            anchors.setdefault(name, (index, x * PX_TO_PT, y * PX_TO_PT))
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", None) != "span" or box.element.get("data-target") is None:
                continue
            if "book-page__fixed" not in (element.get("class") or ""):
                continue
            if (index, element.get("data-target")) in seen:  # the span and its text: the span's box only
                continue
            seen.add((index, element.get("data-target")))
            x, y, w, h = box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()
            rect = (x * PX_TO_PT, (page.height - y - h) * PX_TO_PT, (x + w) * PX_TO_PT, (page.height - y) * PX_TO_PT)
            links.append((index, rect, element.get("data-target")))
    return len(document.pages), anchors, links


def _print(part: int, first: int, total: int, numbers: dict[str, int] | None) -> Printed:
    _, spec = _book()
    pdf, (count, anchors, links) = html_to_pdf_measured(_html(part, first, total, numbers), spec, _measure)
    return Printed(pdf, count, anchors, links)


def _count(part: int) -> tuple[int, dict[str, int]]:
    """A part's pages and its anchors' pages (from 0) before printing it: the front matter laid out with a
    three-digit number in every page cell; an SOP part from each SOP's identity page and flowchart pages."""
    book, spec = _book()
    if part == FRONT:
        placeholder = {name: 888 for name in _anchor_names(book)}
        html = _html(FRONT, 1, None, placeholder)
        count, anchors, _ = html_to_pdf_measured_layout_only(html, spec, _measure)
        return count, {name: where[0] for name, where in anchors.items()}
    pages: dict[str, int] = {}
    count = 0
    for sop in book.sops[part * CHUNK : (part + 1) * CHUNK]:
        pages[book.anchor(sop)] = count
        count += 1 + len(layout_sop(sop, spec))
    return count, pages


def _anchor_names(book: Book) -> list[str]:
    names = ["petunjuk", "keputusan-belum-dicatat"]
    names += [f"keputusan-{index + 1}" for index in range(len(book.organisation.decrees))]
    return names + [book.anchor(sop) for sop in book.sops]


def _plan(counted: Mapping[int, tuple[int, dict[str, int]]]) -> Plan:
    starts, page = {}, 1
    numbers: dict[str, int] = {}
    for part, (count, anchors) in counted.items():
        starts[part] = page
        numbers |= {name: page + index for name, index in anchors.items() if name not in numbers}
        page += count
    return Plan(starts, page - 1, numbers)


class _Runner:
    """Calls the work functions in this process (one job) or on a pool of forked workers, results in order."""

    def __init__(self, jobs: int) -> None:
        self.pool = None
        if jobs > 1:
            context = multiprocessing.get_context("fork")  # the workers get the book without pickling it
            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)

    def map(self, function: Callable[..., T], calls: Iterable[tuple[object, ...]]) -> list[T]:
        if self.pool is None:
            return [function(*args) for args in calls]
        futures = [self.pool.submit(function, *args) for args in calls]
        return [future.result() for future in futures]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def _join(book: Book, printed: Mapping[int, Printed], plan: Plan) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    writer = PdfWriter()
    order = [FRONT, *_chunks(book)]
    for part in order:
        reader = PdfReader(io.BytesIO(printed[part].pdf))
        if part == FRONT and reader.metadata is not None:
            writer.add_metadata({key: str(value) for key, value in reader.metadata.items()})
        writer.append(reader)
    targets: dict[str, int] = {}
    for part in order:
        for name, (page, _, _) in printed[part].anchors.items():
            targets.setdefault(name, plan.starts[part] - 1 + page)
    for page, rect, name in printed[FRONT].links:
        if name in targets:
            writer.add_annotation(page, Link(rect=rect, target_page_index=targets[name]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _as_counted(printed: Printed, counted: tuple[int, dict[str, int]]) -> tuple[int, dict[str, int]]:
    """What a printed part says of the counts: its pages, and the pages of the anchors that were counted."""
    return printed.pages, {name: printed.anchors[name][0] for name in counted[1] if name in printed.anchors}


def print_book(book: Book, spec: PageSpec, jobs: int = 1) -> bytes:
    """The book as one PDF, its parts printed on ``jobs`` processes (1: here, one after another)."""
    _STATE.update(book=book, spec=spec)
    parts = [FRONT, *_chunks(book)]
    runner = _Runner(max(1, min(jobs, len(parts))))
    try:
        counted = dict(zip(parts, runner.map(_count, [(part,) for part in parts]), strict=True))
        for _ in range(3):  # a part not as counted (an identity page that overflows): again with the printed counts
            plan = _plan(counted)
            calls = [(part, plan.starts[part], plan.total, plan.numbers if part == FRONT else None) for part in parts]
            printed = dict(zip(parts, runner.map(_print, calls), strict=True))
            again = {part: _as_counted(printed[part], counted[part]) for part in parts}
            if again == counted:
                return _join(book, printed, plan)
            counted = again
        raise RuntimeError("the book's page numbers did not settle")  # pragma: no cover - three reprints
    finally:
        runner.close()
        _STATE.clear()
