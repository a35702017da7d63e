"""What every command of the `sopan` command line shares: the language option and the two consoles."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from ..i18n import t

__all__ = ["Lang", "LangOption", "err", "out"]

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Lang(StrEnum):
    id = "id"
    en = "en"


LangOption = Annotated[Lang, typer.Option("--lang", help=t("Bahasa pesan: id atau en.", "Message language: id or en."))]
"""``--lang id|en``: the language of a command's messages (Bahasa Indonesia unless asked)."""
