"""``summarise [--organisasi CODE]``: build the monitoring's per-day summaries again from the tasks and reviews."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sopan.web.monitoring import review_summary
from sopan.web.monitoring.command_options import add_organisation_option, organisation_option
from sopan.web.monitoring.summary_backfill import rebuild


class Command(BaseCommand):
    help = (
        "Bangun ulang ringkasan harian pemantauan dari tugas yang selesai dan telaah kasus (mis. setelah "
        "pemutakhiran). / Build the monitoring's daily summaries again from the completed tasks and the case "
        "reviews (e.g. after an upgrade)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_option(options["organisasi"])
        began = time.perf_counter()
        counted = rebuild(organisation)
        reviewed = review_summary.rebuild(organisation)
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"{counted} tugas dan {reviewed} telaah kasus diringkas dalam {seconds:.0f} d. / "
            f"{counted} tasks and {reviewed} case reviews summarised in {seconds:.0f} s."
        )
