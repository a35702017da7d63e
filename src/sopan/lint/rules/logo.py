"""The organisation's logo: a PNG, JPEG or GIF inside its folder, as the identity page and the cover show it."""

from __future__ import annotations

from collections.abc import Iterator

from ...io.logo import check_logo
from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule


@rule(
    "O007",
    "logo-tidak-dapat-dipakai",
    Severity.WARNING,
    "logo '{logo}' tidak dapat dipakai: {reason_id}; halaman identitas dan sampul buku dicetak tanpa logo",
    "logo '{logo}' cannot be used: {reason_en}; the identity page and the book cover are printed without it",
    scope="library",
)
def logo_usable(ctx: LintContext) -> Iterator[Hit]:
    for code, organisation in ctx.library.organisations.items():
        path = ctx.library.organisation_paths.get(code)
        checked = check_logo(organisation.logo, path.parent if path is not None else None)
        if checked.problem is not None:
            params = {"logo": organisation.logo, "reason_id": checked.problem.id, "reason_en": checked.problem.en}
            yield Hit(ctx.organisation_subject(code), ("logo",), params)
