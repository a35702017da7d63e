"""`sopan anonimkan`: list or anonymise the cases whose retention period has ended, as a named administrator."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from sopan.i18n import t
from sopan.web.cases.access import administered_organisations
from sopan.web.cases.personal_data import AnonymisationRefused, anonymise_case, due_cases
from sopan.web.catalog.models import Organisation

__all__ = ["run"]


def run(
    code: str | None, username: str, dry_run: bool, lang: str, now: dt.datetime | None = None
) -> tuple[list[str], int]:
    """The report's lines and the exit status: 0 done, 1 some case refused, 2 bad user or organisation.

    The caller brings the schema up to date first (``sopan.web.startup_lock.migrate``)."""
    now = now or timezone.now()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return [t(f"Pengguna '{username}' tidak ada", f"No user '{username}'", lang)], 2
    mine = administered_organisations(user)
    if code is not None and not Organisation.objects.filter(code=code).exists():
        return [t(f"Organisasi '{code}' tidak ada", f"No organisation '{code}'", lang)], 2
    organisations = list(mine.filter(code=code) if code else mine.order_by("code"))
    if not organisations:
        return [
            t(
                f"{username} bukan pengelola {code or 'organisasi mana pun'}",
                f"{username} administers {code or 'no organisation'}",
                lang,
            )
        ], 2
    lines, status, done = [], 0, 0
    for organisation in organisations:
        for due in due_cases(organisation, now):
            case = due.case
            line = (
                f"{organisation.code} {case.tracking_code} {case.sop_version.sop.title[:60]}: "
                + t(f"ditutup {case.closed_at:%Y-%m-%d}, retensi", f"closed {case.closed_at:%Y-%m-%d}, retention", lang)
                + f" {due.months} "
                + t("bulan", "months", lang)
            )
            if not dry_run:
                try:
                    anonymise_case(user, case, now=now)
                    done += 1
                except AnonymisationRefused as refusal:
                    line += f" — {refusal.text(lang)}"
                    status = 1
            lines.append(line)
    total = len(lines)
    if dry_run:
        lines.append(
            t(f"{total} kasus jatuh tempo (uji: tidak diubah)", f"{total} cases due (dry run: unchanged)", lang)
        )
    else:
        lines.append(t(f"{done} dari {total} kasus dianonimkan", f"{done} of {total} cases anonymised", lang))
    return lines, status
