"""Events reach readers in the order of their ids: a cursor over the ids never skips one committed late.

On PostgreSQL two commands can take ids 10 and 11 and commit 11 first; a reader that saw 11 and moved its cursor
past it would never see 10. So every transaction writing events holds a shared advisory lock until it ends, and a
reader takes the same lock exclusively for a moment: no writer is then half-way, and every id up to the highest
one committed is final. New writers wait that moment (one ``max(id)`` on the primary key). SQLite writes one
transaction at a time, so there ids are already in commit order.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max

from sopan.web.cases.models import Event

__all__ = ["EVENT_ORDER_LOCK", "hold_event_order", "settled_event_id"]

EVENT_ORDER_LOCK = 0x736F70616E  # "sopan": the advisory lock's key


def hold_event_order() -> None:
    """Call inside the transaction, before its first event is written (a no-op on SQLite)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [EVENT_ORDER_LOCK])


def settled_event_id() -> int:
    """The highest event id below which no transaction can still add an event (0 with no events)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_ORDER_LOCK])
        return Event.objects.aggregate(top=Max("id"))["top"] or 0
