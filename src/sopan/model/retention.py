"""How long an office keeps a closed case's personal data: ``retensi_data`` as '5 tahun' or '18 bulan'."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

__all__ = ["DEFAULT_RETENTION_MONTHS", "MAX_RETENTION_MONTHS", "Retention", "retention_months"]

DEFAULT_RETENTION_MONTHS = 60  # five years, when neither the organisation nor the SOP says
MAX_RETENTION_MONTHS = 100 * 12
_TEXT = re.compile(r"^\s*(\d{1,4})\s*(tahun|bulan|years?|months?)\s*$", re.IGNORECASE)


def retention_months(text: str) -> int:
    """Months in ``text`` ('5 tahun' -> 60, '18 bulan' -> 18); ValueError quoting it otherwise."""
    found = _TEXT.match(text)
    if found is None:
        raise ValueError(
            f"retensi_data '{text}' tidak terbaca; tulis mis. '5 tahun' atau '18 bulan' / "
            f"retensi_data '{text}' is unreadable; write e.g. '5 tahun' or '18 bulan'"
        )
    number, unit = int(found[1]), found[2].lower()
    months = number * 12 if unit.startswith(("tahun", "year")) else number
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise ValueError(
            f"retensi_data '{text}' harus antara 1 bulan dan 100 tahun / "
            f"retensi_data '{text}' must be between 1 month and 100 years"
        )
    return months


def _readable(value: str | None) -> str | None:
    if value is not None:
        retention_months(value)
    return value


Retention = Annotated[str | None, AfterValidator(_readable)]
