"""How long rendering takes: (a) the whole library to HTML (target: under 3 s), (b) one SOP to PDF (median of
repeated runs, target: under 0.5 s), and, for scale, (c) the largest organisation's book to PDF.

Run: python benchmarks/render.py [--runs N] [--sop ID]
Everything runs in one process after the imports, as `sopan render DIR` does: (a) loads the library and writes
every SOP's HTML (layout, SVG, identity page, styles) to a temporary folder; (b) renders the same SOP to PDF
N times and reports the first (cold: WeasyPrint's fonts and styles are prepared then) and the median of the
rest. Prints a Markdown row for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

import weasyprint  # noqa: E402

from sopan.io.library import load_library  # noqa: E402
from sopan.render.book import book_pdf, load_book  # noqa: E402
from sopan.render.html import sop_html  # noqa: E402
from sopan.render.identity import library_resolver  # noqa: E402
from sopan.render.pdf import sop_pdf  # noqa: E402

LIBRARY = REPO / "library"
BOOK = LIBRARY / "dukcapil-lumajang"


def cpu_model() -> str:
    try:
        text = subprocess.run(["lscpu"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or platform.machine()
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    return " ".join(fields.get("Model name", platform.machine()).split())


def library_to_html(target: Path) -> tuple[float, float, int, int]:
    """Seconds (wall, CPU) to load the library and write every SOP as HTML; the SOP count and bytes written."""
    start, cpu = time.perf_counter(), time.process_time()
    library = load_library([LIBRARY])
    resolve = library_resolver(library)
    size = 0
    for item in library.sops:
        organisation = library.organisations.get(item.sop.organisation)
        html = sop_html(item.sop, organisation, organisation_dir=item.path.parent, resolve=resolve)
        path = target / item.path.parent.name / f"{item.sop.id}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        size += path.write_text(html, encoding="utf-8")
    return time.perf_counter() - start, time.process_time() - cpu, len(library.sops), size


def one_pdf(sop_id: str, runs: int) -> tuple[float, float, float, int]:
    """(first run, median of the others, their median CPU time, PDF bytes) for one SOP."""
    library = load_library([LIBRARY])
    (item,) = [s for s in library.sops if s.sop.id == sop_id]
    organisation = library.organisations.get(item.sop.organisation)
    resolve = library_resolver(library)
    times, cpu_times = [], []
    size = 0
    for _ in range(runs + 1):
        start, cpu = time.perf_counter(), time.process_time()
        size = len(sop_pdf(item.sop, organisation, organisation_dir=item.path.parent, resolve=resolve))
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    return times[0], statistics.median(times[1:]), statistics.median(cpu_times[1:]), size


def pdf_pages(data: bytes) -> str:
    """The page count from poppler's pdfinfo ('?' without it)."""
    try:
        info = subprocess.run(["pdfinfo", "-"], input=data, check=True, capture_output=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def book_to_pdf() -> tuple[float, int, str]:
    start = time.perf_counter()
    book, _ = load_book(BOOK)
    data = book_pdf(book)
    return time.perf_counter() - start, len(book.sops), pdf_pages(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="PDF runs after the first (default 15)")
    parser.add_argument("--sop", default="penerbitan-akta-kelahiran", help="the SOP of the PDF runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        html_time, html_cpu, count, html_bytes = library_to_html(Path(tmp))
    first, median, median_cpu, pdf_bytes = one_pdf(args.sop, args.runs)
    book_time, book_sops, book_pages = book_to_pdf()
    machine = f"{cpu_model()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"date: {time.strftime('%Y-%m-%d')}; machine: {machine}; WeasyPrint {weasyprint.__version__}")
    print(f"(a) library to HTML: {count} SOPs in {html_time:.2f} s, CPU {html_cpu:.2f} s ({html_bytes / 1e6:.1f} MB);",
          "target < 3 s:", "met" if html_time < 3 else "NOT met")  # fmt: skip
    print(f"(b) {args.sop} to PDF: first {first:.3f} s, median of {args.runs} {median:.3f} s (CPU {median_cpu:.3f} s,",
          f"{pdf_bytes} bytes);",
          "target < 0.5 s:", "met" if median < 0.5 else "NOT met")  # fmt: skip
    print(f"(c) book of {BOOK.name} to PDF: {book_sops} SOPs, {book_pages} pages in {book_time:.1f} s")
    print()
    print(
        f"| {time.strftime('%Y-%m-%d')} | {machine} | {weasyprint.__version__} | {html_time:.2f} s "
        f"(CPU {html_cpu:.2f} s, {count} SOPs) "
        f"| {median:.3f} s (CPU {median_cpu:.3f} s, first {first:.2f} s) | {book_time:.1f} s ({book_pages} pages) |"
    )


if __name__ == "__main__":
    main()
