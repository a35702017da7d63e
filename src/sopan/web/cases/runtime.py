"""What the engine needs from the database: the process of a version, the calendar, register numbers, actors."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser

from sopan.engine import Actor, Process
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.models import RegisterCounter
from sopan.web.catalog.models import CalendarOverride, Organisation, SopVersion
from sopan.worktime.calendar import WorkCalendar, overrides_from

__all__ = ["DbRegisters", "actor_for", "calendar_for", "process_for"]


@lru_cache(maxsize=512)
def _process(version_id: int, key: str, number: int, definition_json: str) -> Process:
    import json

    sop = SopModel.model_validate(json.loads(definition_json))
    sop.id = key
    return Process(sop, version=number)


_BY_HASH: dict[tuple[int, str, int, str], Process] = {}
_BY_HASH_LIMIT = 512


def process_for(version: SopVersion) -> Process:
    """The engine's view of a published version; versions are immutable, so it is built once per process.

    Looked up by the version's content hash first, so a command need not load or re-encode the definition
    (the case query defers it); the definition is read only the first time a version is seen.
    """
    import json

    digest = version.content_hash
    key = (version.pk, version.sop.key, version.number, digest)
    if digest and (cached := _BY_HASH.get(key)) is not None:
        return cached
    process = _process(version.pk, version.sop.key, version.number, json.dumps(version.definition, sort_keys=True))
    if digest:
        if len(_BY_HASH) >= _BY_HASH_LIMIT:
            _BY_HASH.clear()
        _BY_HASH[key] = process
    return process


def calendar_for(organisation: Organisation) -> WorkCalendar:
    """The organisation's working calendar with its local overrides from the database."""
    overrides = CalendarOverride.objects.filter(organisation=organisation).order_by()  # order is irrelevant here
    rows = list(overrides.values_list("date", "kind", "name", "hours"))
    extra, changed = overrides_from(
        (day, name or "Libur lokal", hours or None) for day, kind, name, hours in rows if kind != "open"
    )
    open_days = frozenset(day for day, kind, _, _ in rows if kind == "open")
    return WorkCalendar(
        timezone=organisation.timezone, extra_holidays=extra, changed_hours=changed, open_days=open_days
    )


def actor_for(user: AbstractBaseUser, organisation: Organisation) -> Actor:
    """The user as the engine sees them: their username and the role codes they hold in this organisation."""
    codes = RoleAssignment.objects.filter(user=user, role__organisation=organisation).values_list(
        "role__code", flat=True
    )
    return Actor(user=user.get_username(), roles=frozenset(codes))


class DbRegisters:
    """Register numbers from a locked counter row, inside the command's transaction: a rolled-back command
    gives its number back, so numbers stay gap-free."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    def next_number(self, organisation: str, register: str, year: int) -> int:
        RegisterCounter.objects.bulk_create(
            [RegisterCounter(organisation=self.organisation, register=register, year=year)], ignore_conflicts=True
        )
        counter = RegisterCounter.objects.select_for_update().get(
            organisation=self.organisation, register=register, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
