"""``reviewcases [--organisasi CODE]``: judge every closed case not yet reviewed, e.g. once after an upgrade."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sopan.web.cases.models import Case
from sopan.web.monitoring.command_options import add_organisation_option, organisation_option
from sopan.web.monitoring.reviews import Processes, review_closed

STRIDE = 20_000  # cases selected per round: each round's list of ids stays small


class Command(BaseCommand):
    help = (
        "Nilai kesesuaian setiap kasus tertutup yang belum dinilai (untuk angka pemantauan). / "
        "Judge every closed case not yet reviewed (for the monitoring figures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        organisation = organisation_option(options["organisasi"])
        if organisation is not None:
            cases = cases.filter(organisation=organisation)
        began, judged, processes = time.perf_counter(), 0, Processes()
        ids = cases.order_by("pk").values_list("pk", flat=True)
        last = None
        while True:
            page = ids.filter(pk__gt=last) if last is not None else ids
            chunk = list(page[:STRIDE])
            if not chunk:
                break
            judged += review_closed(Case.objects.filter(pk__in=chunk), processes)
            last = chunk[-1]
        seconds = time.perf_counter() - began
        self.stdout.write(f"{judged} kasus dinilai dalam {seconds:.0f} d. / {judged} cases judged in {seconds:.0f} s.")
