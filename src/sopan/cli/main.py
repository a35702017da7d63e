"""The `sopan` application and its library commands: check, schema, new, show, simulate, serve."""

from __future__ import annotations

import json
from collections import defaultdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from .. import __version__
from ..i18n import t
from ..io.library import Library, load_library
from ..io.schema import schema_json
from ..io.template import template_text
from ..io.yaml_io import read_sop
from ..lint import lint_library
from ..model import END, RequirementGroup, total_duration
from ..problems import Problem, Severity
from .accounts import register as register_account_commands
from .calendar import register as register_calendar_commands
from .export import register as register_export_commands
from .options import Lang, LangOption, err, out
from .render import register as register_document_commands

app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help=t(
        "sopan: SOP Administrasi Pemerintahan sebagai dokumen resmi, proses berjalan, dan ukuran kinerjanya.",
        "sopan: government SOPs as official documents, running processes and their own measure.",
    ),
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        out.print(f"sopan {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=t("Tampilkan versi.", "Show the version.")),
    ] = False,
) -> None:
    """sopan."""


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@app.command(help=t("Periksa dan lint berkas SOP (berkas atau folder).", "Validate and lint SOP files or folders."))
def check(
    paths: Annotated[list[Path], typer.Argument(help=t("Berkas .sop.yaml atau folder.", "SOP files or folders."))],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help=t("Bentuk keluaran.", "Output format."))
    ] = OutputFormat.text,
    lang: LangOption = Lang.id,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("Hanya galat.", "Errors only."))] = False,
) -> None:
    library = _load_with_progress(paths, lang.value)
    problems = library.problems + lint_library(library)
    if quiet:
        problems = [p for p in problems if p.severity is Severity.ERROR]
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    if output_format is OutputFormat.json:
        report = {
            "files": library.files_checked,
            "sops": len(library.sops),
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_json(lang.value) for p in problems],
        }
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_grouped(problems, lang.value)
        out.print(
            t(
                f"{library.files_checked} berkas, {len(library.sops)} SOP: {errors} galat, {warnings} peringatan",
                f"{library.files_checked} files, {len(library.sops)} SOPs: {errors} errors, {warnings} warnings",
                lang.value,
            )
        )
    raise typer.Exit(1 if errors else 0)


def _load_with_progress(paths: list[Path], lang: str) -> Library:
    """Load, with a progress bar on an interactive terminal."""
    if not err.is_terminal:
        return load_library(paths)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(t("Membaca berkas SOP", "Reading SOP files", lang), total=None)

        def advance(_path: Path, total: int) -> None:
            progress.update(task, total=total, advance=1)

        return load_library(paths, on_file=advance)


def _print_grouped(problems: list[Problem], lang: str) -> None:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[str(problem.file) if problem.file else "<input>"].append(problem)
    for file, items in by_file.items():
        out.print(f"[bold]{file}[/bold]", soft_wrap=True)
        for p in sorted(items, key=lambda p: (p.line or 0, p.code)):
            where = f"{p.line}:{p.column or 1}" if p.line else "-"
            key = f" ({p.key_path()})" if p.path else ""
            out.print(
                f"  {where:>7} [{_STYLE[p.severity]}]{p.severity.label(lang)} {p.code}[/]{key}: {p.message.text(lang)}",
                markup=True,
                soft_wrap=True,
            )


@app.command(help=t("Cetak JSON Schema berkas SOP untuk editor.", "Print the JSON Schema of SOP files for editors."))
def schema(
    organisation: Annotated[
        bool,
        typer.Option("--organisasi", help=t("Skema organisasi.yaml.", "Schema of organisasi.yaml.")),
    ] = False,
) -> None:
    typer.echo(schema_json(organisation), nl=False)


@app.command(help=t("Cetak templat SOP berkomentar untuk diisi.", "Print a commented SOP template to fill in."))
def new(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=t("Tulis ke berkas ini.", "Write to this file."))
    ] = None,
) -> None:
    text = template_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.exists():
        err.print(t(f"{output} sudah ada; tidak ditimpa.", f"{output} exists; not overwritten."))
        raise typer.Exit(1)
    output.write_text(text, encoding="utf-8")
    out.print(t(f"Templat ditulis ke {output}", f"Template written to {output}"))


@app.command(help=t("Ringkasan SOP: pelaksana, langkah, keputusan, total waktu.", "Summary of an SOP file."))
def show(
    file: Annotated[Path, typer.Argument(help=t("Berkas .sop.yaml.", "An SOP file."))],
    lang: LangOption = Lang.id,
) -> None:
    lg = lang.value
    result = read_sop(file)
    if result.model is None:
        for problem in result.problems:
            err.print(problem.format(lg), soft_wrap=True)
        raise typer.Exit(1)
    sop = result.model
    out.print(f"[bold]{sop.title}[/bold]" + (f"  ({sop.number})" if sop.number else ""))
    kind = " / ".join(v.value for v in (sop.kind, sop.nature) if v is not None)
    out.print(f"{t('Organisasi', 'Organisation', lg)}: {sop.organisation}" + (f"   {kind}" if kind else ""))
    lanes = Table(title=t("Pelaksana", "Lanes", lg), show_lines=False)
    lanes.add_column(t("Kode", "Code", lg))
    lanes.add_column(t("Nama", "Name", lg))
    lanes.add_column(t("Pihak luar", "Outside party", lg))
    for lane in sop.lanes:
        lanes.add_row(lane.code, lane.name, t("ya", "yes", lg) if lane.external else "")
    out.print(lanes)
    steps = Table(title=t("Langkah", "Steps", lg), show_lines=True)
    headers = [
        ("No", "No"),
        ("Kegiatan", "Activity"),
        ("Pelaksana", "Lane"),
        ("Kelengkapan", "Requirements"),
        ("Waktu", "Time"),
        ("Output", "Output"),
        ("Lanjut", "Next"),
    ]
    for id_text, en_text in headers:
        steps.add_column(t(id_text, en_text, lg))
    for step in sop.steps:
        successors = ", ".join(
            f"{label}: {target}" if label else str(target) for target, label in sop.successors(step)
        ).replace(END, t("selesai", "end", lg))
        steps.add_row(
            str(step.number),
            step.activity + (f"\n◇ {step.decision.question}" if step.decision else ""),
            ", ".join(step.lanes),
            "\n".join(_requirement_lines(step.requirements)),
            step.duration.text if step.duration else "",
            "\n".join(step.outputs),
            successors,
        )
    out.print(steps)
    decisions = [s for s in sop.steps if s.decision]
    out.print(f"{t('Keputusan', 'Decisions', lg)}: {len(decisions)}")
    total = total_duration(sop.durations())
    out.print(f"{t('Total waktu baku', 'Total standard time', lg)}: {total.describe(lg)}")


def _requirement_lines(requirements: list, depth: int = 0) -> list[str]:
    lines: list[str] = []
    for item in requirements:
        if isinstance(item, RequirementGroup):
            lines.append("  " * depth + item.heading)
            lines.extend(_requirement_lines(item.items, depth + 1))
        else:
            lines.append("  " * depth + f"- {item}")
    return lines


@app.command(
    help=t(
        "Jalankan N kasus realistis untuk setiap SOP organisasi (data demo) di basis data sopan.",
        "Run N realistic cases through every SOP of an organisation (demo data) in sopan's database.",
    )
)
def simulate(
    org_dir: Annotated[
        Path, typer.Argument(help=t("Folder organisasi (berisi organisasi.yaml).", "Organisation folder."))
    ],
    cases: Annotated[int, typer.Option("--cases", "-n", min=1, help=t("Kasus per SOP.", "Cases per SOP."))] = 5,
    seed: Annotated[int, typer.Option(help=t("Benih acak (hasil dapat diulang).", "Random seed (repeatable)."))] = 1,
    days: Annotated[
        int, typer.Option(min=1, help=t("Rentang hari ke belakang.", "Days back to spread cases over."))
    ] = 90,
    lang: LangOption = Lang.id,
) -> None:
    lg = lang.value
    if not (org_dir / "organisasi.yaml").is_file():
        err.print(t(f"{org_dir}: tidak ada organisasi.yaml di folder ini", f"{org_dir}: no organisasi.yaml here", lg))
        raise typer.Exit(2)
    from ..web import setup

    setup()
    from ..web.cases.simulate import simulate_organisation
    from ..web.catalog.models import Organisation
    from ..web.catalog.publishing import publish_library
    from ..web.startup_lock import migrate

    migrate()
    published = publish_library([org_dir])
    for problem in published.problems:
        err.print(problem.format(lg), soft_wrap=True)
    if not published.organisation_codes:
        err.print(
            t(
                f"{org_dir}: organisasi.yaml tidak terbaca; tidak ada kasus dibuat",
                f"{org_dir}: organisasi.yaml could not be read; no cases made",
                lg,
            )
        )
        raise typer.Exit(2)
    for code in published.organisation_codes:
        organisation = Organisation.objects.get(code=code)
        total = organisation.sops.count() * cases
        with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
            bar = progress.add_task(organisation.name, total=total)
            report = simulate_organisation(
                organisation, cases, seed=seed, window_days=days, on_case=lambda bar=bar: progress.advance(bar)
            )
        out.print(
            t(
                f"{organisation.name}: {report.cases} kasus ({report.finished} selesai, {report.open} berjalan, "
                f"{report.closed_early} batal/ditolak), {report.commands} perintah, "
                f"{report.late_steps} dari {report.steps} langkah melewati mutu baku",
                f"{organisation.name}: {report.cases} cases ({report.finished} finished, {report.open} running, "
                f"{report.closed_early} cancelled/rejected), {report.commands} commands, "
                f"{report.late_steps} of {report.steps} steps over their standard time",
                lg,
            )
        )
        for refusal in report.refusals[:20]:
            err.print(refusal, soft_wrap=True)
    if published.problems:
        raise typer.Exit(1)  # the readable SOPs were simulated; the broken files are listed above


@app.command(
    help=t(
        "Jalankan aplikasi web sopan (SQLite bawaan, pustaka SOP dimuat, demo siap) di http://127.0.0.1:8000.",
        "Start the sopan web application (embedded SQLite, SOP library loaded, demo ready) on http://127.0.0.1:8000.",
    )
)
def serve(
    host: Annotated[str, typer.Option(help=t("Alamat.", "Address."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=t("Port.", "Port."))] = 8000,
    library: Annotated[
        Path | None, typer.Option(help=t("Folder pustaka SOP.", "SOP library folder."), show_default=False)
    ] = None,
    demo: Annotated[bool, typer.Option(help=t("Buat pengguna dan kasus demo.", "Create demo users and cases."))] = True,
    cases: Annotated[int, typer.Option(help=t("Kasus demo per SOP.", "Demo cases per SOP."))] = 1,
    workers: Annotated[int, typer.Option(help=t("Jumlah proses.", "Worker processes."))] = 2,
    prepare_only: Annotated[
        bool, typer.Option("--prepare-only", help=t("Siapkan basis data saja.", "Prepare the database only."))
    ] = False,
) -> None:
    from ..web import setup

    setup()
    from ..web.serve import default_library, prepare, run_server

    if library is not None and not library.is_dir():
        err.print(t(f"{library}: folder pustaka SOP tidak ada", f"{library}: no such SOP library folder"))
        raise typer.Exit(2)
    folder = library or default_library()
    if folder is None:
        err.print(t("Pustaka SOP tidak ditemukan; beri --library.", "SOP library not found; give --library."))
    prepare(folder, demo, cases, typer.echo)
    if prepare_only:
        return
    out.print(f"sopan: http://{host}:{port}/")
    run_server(host, port, workers)


@app.command(
    "anonimkan",
    help=t(
        "Anonimkan data pribadi kasus yang masa retensinya berakhir (UU 27/2022); --uji hanya menampilkan.",
        "Anonymise the personal data of cases past their retention period (UU 27/2022); --uji only lists them.",
    ),
)
def anonymise(
    organisation: Annotated[str | None, typer.Argument(help=t("Kode organisasi (semua).", "Organisation."))] = None,
    by: Annotated[str, typer.Option("--oleh", help=t("Pengguna pengelola.", "Administrator's user name."))] = "",
    dry_run: Annotated[bool, typer.Option("--uji", help=t("Tampilkan saja.", "Dry run: list only."))] = False,
    lang: LangOption = Lang.id,
) -> None:
    from ..web import setup

    setup()
    from ..web.cases.anonymise_command import run
    from ..web.startup_lock import migrate

    migrate()
    lines, status = run(organisation, by, dry_run, lang.value)
    for line in lines:
        out.print(line, soft_wrap=True, markup=False)
    raise typer.Exit(status)


register_document_commands(app)
register_calendar_commands(app)
register_export_commands(app)
register_account_commands(app)


def main() -> None:
    app()
