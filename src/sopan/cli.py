"""The `sopan` command."""

from __future__ import annotations

from pathlib import Path

import typer

from .io.library import load_library

app = typer.Typer(no_args_is_help=True)


@app.command()
def check(paths: list[Path], lang: str = "id") -> None:
    library = load_library(paths)
    for problem in library.problems:
        typer.echo(problem.format(lang))
    typer.echo(f"{library.files_checked} files, {len(library.problems)} problems")
    raise typer.Exit(1 if library.problems else 0)


@app.command()
def version() -> None:
    from . import __version__

    typer.echo(__version__)


def main() -> None:
    app()
