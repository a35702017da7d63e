"""The document commands of `sopan`: render, book and export."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the document commands to the `sopan` application."""
