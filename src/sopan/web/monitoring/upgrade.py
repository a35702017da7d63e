"""After the migration that brings the summaries, fill them and the case reviews from the history already there.

The views read only the summaries and the stored reviews. A database upgraded from a version without them would
otherwise show partial figures (the tasks of old cases completed before the upgrade missing, cases closed before
it unjudged) until someone ran ``summarise`` and ``reviewcases`` by hand. This runs both once, in the ``migrate``
that applies ``0003_summaries``: on a fresh database there is nothing to read and it costs two queries. The
migrate that applies ``0004_review_counts`` alone (to a database that had the reviews already) counts them.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

__all__ = ["MIGRATION", "REVIEW_COUNTS", "fill_after_upgrade"]

MIGRATION = ("monitoring", "0003_summaries")
REVIEW_COUNTS = ("monitoring", "0004_review_counts")


def fill_after_upgrade(sender: Any = None, plan: list | None = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: when ``plan`` applied ``MIGRATION`` forwards, build what history needs; when it
    applied only ``REVIEW_COUNTS``, count the reviews there are."""
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if MIGRATION not in applied:
        if REVIEW_COUNTS in applied:
            from sopan.web.monitoring import review_summary

            review_summary.rebuild()
        return
    from sopan.web.cases.models import Case, Task

    if Task.objects.filter(completed_at__isnull=False).exists():
        call_command("summarise", stdout=io.StringIO())
    if Case.objects.exclude(status=Case.Status.OPEN).exists():
        call_command("reviewcases", stdout=io.StringIO())
