"""How long rendering takes: (a) the whole library to HTML (target: under 3 s), (b) one SOP to PDF (median of
repeated runs, target: under 0.5 s), and (c) the largest organisation's book to PDF, on one process and on all
cores (``book_pdf(jobs=N)``, as ``sopan book`` does; target: under 8 s on 2 cores).

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


LAST_SPLIT: dict[str, float] = {}  # CPU seconds of the last book: this process, and its workers together


def book_to_pdf(jobs: int) -> tuple[float, float, int, str, bytes]:
    """Seconds (wall, CPU of this process and its workers) for the book on ``jobs`` processes; SOPs, pages, PDF.

    ``LAST_SPLIT`` keeps the CPU of this process (loading, counting, joining: done on one core) apart from its
    workers' (the printing, shared out): on ``jobs`` idle cores the wall time is about parent + workers / jobs.
    """
    start, cpu = time.perf_counter(), os.times()
    book, _ = load_book(BOOK)
    data = book_pdf(book, jobs=jobs)
    end = os.times()
    own = sum(getattr(end, f) - getattr(cpu, f) for f in ("user", "system"))
    workers = sum(getattr(end, f) - getattr(cpu, f) for f in ("children_user", "children_system"))
    LAST_SPLIT.update(own=own, workers=workers)
    return time.perf_counter() - start, own + workers, len(book.sops), pdf_pages(data), data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="PDF runs after the first (default 15)")
    parser.add_argument("--sop", default="penerbitan-akta-kelahiran", help="the SOP of the PDF runs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the book (default: cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        html_time, html_cpu, count, html_bytes = library_to_html(Path(tmp))
    first, median, median_cpu, pdf_bytes = one_pdf(args.sop, args.runs)
    load_before = os.getloadavg()[0]
    serial, serial_cpu, book_sops, book_pages, serial_pdf = book_to_pdf(1)
    parallel, parallel_cpu, _, _, parallel_pdf = book_to_pdf(args.jobs)
    idle = LAST_SPLIT["own"] + LAST_SPLIT["workers"] / args.jobs
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    same = "identical" if serial_pdf == parallel_pdf else "DIFFERENT"
    machine = f"{cpu_model()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"date: {time.strftime('%Y-%m-%d')}; machine: {machine}; WeasyPrint {weasyprint.__version__}")
    print(f"(a) library to HTML: {count} SOPs in {html_time:.2f} s, CPU {html_cpu:.2f} s ({html_bytes / 1e6:.1f} MB);",
          "target < 3 s:", "met" if html_time < 3 else "NOT met")  # fmt: skip
    print(f"(b) {args.sop} to PDF: first {first:.3f} s, median of {args.runs} {median:.3f} s (CPU {median_cpu:.3f} s,",
          f"{pdf_bytes} bytes);",
          "target < 0.5 s:", "met" if median < 0.5 else "NOT met")  # fmt: skip
    print(f"(c) book of {BOOK.name} to PDF: {book_sops} SOPs, {book_pages} pages: 1 process {serial:.1f} s",
          f"(CPU {serial_cpu:.1f} s), {args.jobs} processes {parallel:.1f} s (CPU {parallel_cpu:.1f} s: this process",
          f"{LAST_SPLIT['own']:.1f} s, workers {LAST_SPLIT['workers']:.1f} s; on idle cores about {idle:.1f} s),",
          f"{same} bytes;",
          "target < 8 s:", "met" if parallel < 8 else "NOT met", f"({load})")  # fmt: skip
    print()
    print(
        f"| {time.strftime('%Y-%m-%d')} | {machine} | {weasyprint.__version__} | {html_time:.2f} s "
        f"(CPU {html_cpu:.2f} s, {count} SOPs) "
        f"| {median:.3f} s (CPU {median_cpu:.3f} s, first {first:.2f} s) | {serial:.1f} s (CPU {serial_cpu:.1f} s) "
        f"| {parallel:.1f} s on {args.jobs} (CPU {parallel_cpu:.1f} s; {book_pages} pages, {same}) | {load} |"
    )


if __name__ == "__main__":
    main()
