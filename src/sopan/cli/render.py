"""The document commands of `sopan`: render (one SOP or a folder, in six formats) and book."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress

from ..i18n import t
from ..io.library import Library, load_library
from ..io.yaml_io import SOP_SUFFIX, read_sop
from ..model import Organisation, Sop
from ..problems import Problem, Severity
from .options import Lang, LangOption, err, out

if TYPE_CHECKING:
    from ..render import PageSpec

__all__ = ["register"]

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Format(StrEnum):
    pdf = "pdf"
    html = "html"
    docx = "docx"
    svg = "svg"
    bpmn = "bpmn"
    mermaid = "mermaid"


class Paper(StrEnum):
    A4 = "A4"
    F4 = "F4"


class Order(StrEnum):
    nomor = "nomor"
    judul = "judul"


EXTENSIONS = {
    Format.pdf: ".pdf",
    Format.html: ".html",
    Format.docx: ".docx",
    Format.svg: ".svg",
    Format.bpmn: ".bpmn",
    Format.mermaid: ".mmd",
}

PaperOption = Annotated[
    Paper, typer.Option("--kertas", help=t("Ukuran kertas (lanskap).", "Paper size (landscape)."), case_sensitive=False)
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help=t(
            "Jumlah proses (bawaan: jumlah inti CPU); 1: berurutan. Hasilnya sama persis.",
            "Processes to use (default: the number of CPU cores); 1: one after another. The output is identical.",
        ),
    ),
]
RowsOption = Annotated[
    int | None,
    typer.Option(
        "--baris", min=1, help=t("Baris kegiatan per halaman bagan alir.", "Activity rows per flowchart page.")
    ),
]


@dataclass(frozen=True)
class Job:
    """What every SOP of one command is rendered with: the library (organisations, references) and the page."""

    library: Library
    paper: str
    rows: int | None

    def spec(self) -> PageSpec:
        from ..render import PageSpec  # late: other commands start without the render stack

        return PageSpec(paper=self.paper) if self.rows is None else PageSpec(paper=self.paper, rows_per_page=self.rows)

    def organisation(self, sop: Sop) -> tuple[Organisation | None, Path | None]:
        organisation = self.library.organisations.get(sop.organisation)
        path = self.library.organisation_paths.get(sop.organisation)
        return organisation, path.parent if path is not None else None


def _write(path: Path, data: bytes | str) -> None:
    """Write beside the target and move it into place, so an interrupted write keeps the previous file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    try:
        if isinstance(data, str):
            partial.write_text(data, encoding="utf-8")
        else:
            partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def render_sop(sop: Sop, job: Job, fmt: Format, target: Path) -> list[Path]:
    """Write ``sop`` in ``fmt`` to ``target``; SVG writes one file per page (``name-2.svg``…). Returns the files."""
    if fmt is Format.bpmn:
        from ..io.exporters.bpmn import to_bpmn

        _write(target, to_bpmn(sop))
        return [target]
    if fmt is Format.mermaid:
        from ..io.exporters.mermaid import to_mermaid

        _write(target, to_mermaid(sop))
        return [target]
    spec = job.spec()
    if fmt is Format.svg:
        from ..render import flowchart_svgs

        pages = flowchart_svgs(sop, spec, embed_font=True)
        paths = [target]
        if len(pages) > 1:
            paths = [target.with_name(f"{target.stem}-{n}{target.suffix}") for n in range(1, len(pages) + 1)]
        for path, svg in zip(paths, pages, strict=True):
            _write(path, svg)
        return paths
    from ..render.identity import library_resolver

    organisation, folder = job.organisation(sop)
    options = {"spec": spec, "organisation_dir": folder, "resolve": library_resolver(job.library)}
    if fmt is Format.html:
        from ..render.html import sop_html as writer
    elif fmt is Format.pdf:
        from ..render.pdf import sop_pdf as writer
    else:
        from ..render.docx import sop_docx as writer
    _write(target, writer(sop, organisation, **options))
    return [target]


def _problems(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        err.print(problem.format(lang), soft_wrap=True, markup=False)


def _render_file(file: Path, fmt: Format, output: Path | None, paper: str, rows: int | None, lang: str) -> None:
    result = read_sop(file)
    if result.model is None:
        _problems(result.problems, lang)
        raise typer.Exit(1)
    sop = result.model
    library = load_library([file.parent])  # the organisation and the SOPs its keterkaitan may name
    target = output if output is not None else Path(f"{sop.id}{EXTENSIONS[fmt]}")
    try:
        written = render_sop(sop, Job(library, paper, rows), fmt, target)
    except OSError as error:
        reason = error.strerror or str(error)
        err.print(
            t(f"{target}: tidak dapat ditulis: {reason}", f"{target}: cannot be written: {reason}", lang),
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
    except Exception as error:  # a layout or writer failure is reported, not a traceback
        err.print(
            t(f"{file}: gagal dirender: {error}", f"{file}: rendering failed: {error}", lang),
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
    for path in written:
        out.print(t(f"Ditulis: {path}", f"Written: {path}", lang), markup=False, soft_wrap=True)


@dataclass(frozen=True)
class _Folder:
    """What every SOP of ``sopan render DIR`` needs: the SOPs' files, the job, the format and both folders."""

    items: list[tuple[Path, Sop]]
    job: Job
    fmt: Format
    folder: Path
    output: Path


_FOLDER: list[_Folder] = []  # set before the worker processes fork, so they share it without pickling


def _render_item(index: int) -> tuple[int, str | None]:
    """Render the ``index``-th SOP of the folder: the files written, or the failure's reason."""
    task = _FOLDER[0]
    path, sop = task.items[index]
    relative = path.relative_to(task.folder) if path.is_relative_to(task.folder) else Path(path.name)
    name = relative.name.removesuffix(SOP_SUFFIX) + EXTENSIONS[task.fmt]
    try:
        return len(render_sop(sop, task.job, task.fmt, task.output / relative.parent / name)), None
    except Exception as error:
        return 0, str(error)


def _rendered(count: int, jobs: int) -> Iterator[tuple[int, str | None]]:
    """Each SOP's result, in the folder's order, made here (one job) or on ``jobs`` forked processes."""
    if jobs <= 1 or count <= 1:
        yield from (_render_item(index) for index in range(count))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, count), mp_context=context) as pool:
        yield from pool.map(_render_item, range(count), chunksize=1)


def _render_folder(
    folder: Path, fmt: Format, output: Path | None, paper: str, rows: int | None, lang: str, jobs: int
) -> None:
    if output is None:
        err.print(t("Untuk folder, -o harus menunjuk folder keluaran.", "For a folder, -o names the output.", lang))
        raise typer.Exit(2)
    library = load_library([folder])
    broken = sorted({p.file for p in library.problems if p.file is not None and p.file.name.endswith(SOP_SUFFIX)})
    _problems(library.problems, lang)
    items = [(item.path, item.sop) for item in library.sops]
    _FOLDER[:] = [_Folder(items, Job(library, paper, rows), fmt, folder, output)]
    failed = 0
    written = 0
    progress = Progress(console=err, transient=True, disable=not err.is_terminal)
    try:
        with progress:
            task = progress.add_task(t("Merender SOP", "Rendering SOPs", lang), total=len(items))
            for (path, _), (files, failure) in zip(items, _rendered(len(items), jobs), strict=True):
                written += files
                if failure is not None:
                    failed += 1
                    err.print(
                        t(f"{path}: gagal dirender: {failure}", f"{path}: rendering failed: {failure}", lang),
                        markup=False,
                        soft_wrap=True,
                    )
                progress.advance(task)
    finally:
        _FOLDER.clear()
    done, failed = len(library.sops) - failed, failed + len(broken)
    out.print(
        t(
            f"{done} SOP dirender ke {output} ({written} berkas), {failed} gagal",
            f"{done} SOPs rendered to {output} ({written} files), {failed} failed",
            lang,
        ),
        markup=False,
        soft_wrap=True,
    )
    if failed:
        raise typer.Exit(1)


def _format_for(fmt: Format | None, output: Path | None, lang: str) -> Format:
    """The format asked for, or the one the output file's name says; a name that says another is an error."""
    named = next((f for f, ext in EXTENSIONS.items() if output is not None and output.name.endswith(ext)), None)
    if output is not None and output.name.endswith((SOP_SUFFIX, ".yaml", ".yml")):
        err.print(t(f"{output}: tidak menimpa berkas SOP", f"{output}: will not overwrite an SOP file", lang))
        raise typer.Exit(2)
    if fmt is not None and named is not None and named is not fmt:
        err.print(
            t(
                f"{output}: nama berkas berakhiran {EXTENSIONS[named]}, bukan {EXTENSIONS[fmt]} (-f {fmt})",
                f"{output}: the name ends in {EXTENSIONS[named]}, not {EXTENSIONS[fmt]} (-f {fmt})",
                lang,
            )
        )
        raise typer.Exit(2)
    return fmt or named or Format.pdf


def render(
    path: Annotated[Path, typer.Argument(help=t("Berkas .sop.yaml atau folder.", "An SOP file or a folder."))],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help=t(
                "Bentuk keluaran (bawaan: dari nama -o, atau pdf).",
                "Output format (default: from the -o name, or pdf).",
            ),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help=t(
                "Berkas keluaran (untuk folder: folder keluaran).", "Output file (for a folder: the output folder)."
            ),
        ),
    ] = None,
    paper: PaperOption = Paper.A4,
    rows: RowsOption = None,
    jobs: JobsOption = CORES,
    lang: LangOption = Lang.id,
) -> None:
    if not path.exists():
        err.print(t(f"{path}: berkas atau folder tidak ada", f"{path}: no such file or folder", lang.value))
        raise typer.Exit(1)
    if path.is_dir():
        _render_folder(path, fmt or Format.pdf, output, paper.value, rows, lang.value, jobs)
    else:
        _render_file(path, _format_for(fmt, output, lang.value), output, paper.value, rows, lang.value)


def book(
    folder: Annotated[
        Path, typer.Argument(help=t("Folder organisasi (berisi organisasi.yaml).", "Organisation folder."))
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=t("Berkas .pdf atau .html.", "A .pdf or .html file.")),
    ] = None,
    paper: PaperOption = Paper.A4,
    rows: RowsOption = None,
    order: Annotated[
        Order,
        typer.Option(
            "--urut",
            help=t(
                "Urutan SOP: nomor (bagian angka dibandingkan sebagai angka; tanpa nomor di akhir) atau judul "
                "(urutan daftar keputusan, lalu judul).",
                "SOP order: nomor (numeric parts compared as numbers; unnumbered last) or judul (the decrees' "
                "lists, then by title).",
            ),
            case_sensitive=False,
        ),
    ] = Order.nomor,
    jobs: JobsOption = CORES,
    lang: LangOption = Lang.id,
) -> None:
    from ..render.book import BookError, book_html, book_pdf, book_warnings, load_book

    lg = lang.value
    try:
        loaded, library = load_book(folder, order.value)
    except BookError as error:
        err.print(error.text(lg), markup=False)
        raise typer.Exit(1) from None
    target = output if output is not None else Path(f"buku-sop-{loaded.organisation.code}.pdf")
    if target.suffix.lower() not in (".pdf", ".html"):
        err.print(t(f"{target}: pakai akhiran .pdf atau .html", f"{target}: use a .pdf or .html suffix", lg))
        raise typer.Exit(2)
    _problems(library.problems, lg)
    for id_text, en_text in book_warnings(loaded):
        err.print(t(f"peringatan: {id_text}", f"warning: {en_text}", lg), soft_wrap=True, markup=False)
    spec = Job(library, paper.value, rows).spec()
    if target.suffix.lower() == ".pdf":
        _write(target, book_pdf(loaded, spec=spec, jobs=jobs))
    else:
        _write(target, book_html(loaded, spec=spec))
    out.print(
        t(
            f"Buku {len(loaded.sops)} SOP ditulis ke {target}",
            f"Book of {len(loaded.sops)} SOPs written to {target}",
            lg,
        ),
        markup=False,
        soft_wrap=True,
    )
    if any(p.severity is Severity.ERROR for p in library.problems):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the document commands to the `sopan` application."""
    app.command(
        "render",
        help=t(
            "Render SOP (berkas atau folder) ke PDF, HTML, DOCX, SVG, BPMN atau Mermaid.",
            "Render SOPs (a file or a folder) to PDF, HTML, DOCX, SVG, BPMN or Mermaid.",
        ),
    )(render)
    app.command(
        "book",
        help=t(
            "Buku SOP organisasi: sampul, keputusan, daftar isi, lalu setiap SOP (PDF atau HTML).",
            "An organisation's SOP book: cover, decrees, contents, then every SOP (PDF or HTML).",
        ),
    )(book)
