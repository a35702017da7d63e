"""Fixed-window counters in the database: counted atomically before the thing they limit is done.

A limit is a name in ``settings.THROTTLE_LIMITS`` with ``(count, seconds)``. ``hit`` counts one attempt and
says whether it is over the limit, and if so how many seconds until the window ends (``Retry-After``).
The row is locked while it is counted (``SELECT ... FOR UPDATE`` on PostgreSQL, the write lock SQLite's
IMMEDIATE transactions take at BEGIN), so two workers never both see the last free attempt.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sopan.web.throttle.address import counted_address
from sopan.web.throttle.models import Counter

__all__ = ["Verdict", "address_retry_after", "forget", "hit", "limit_of", "undo"]


@dataclass(frozen=True)
class Verdict:
    count: int  # attempts in this window, this one included
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def over(self) -> bool:
        return self.count > self.limit


def limit_of(name: str) -> tuple[int, int]:
    """The (count, seconds) of a configured limit."""
    count, seconds = settings.THROTTLE_LIMITS[name]
    return int(count), int(seconds)


def _key(name: str, subject: str) -> str:
    return hashlib.sha256(f"{name}\x00{subject}".encode()).hexdigest()


def hit(name: str, subject: str = "") -> Verdict:
    """Count one attempt of ``subject`` against the limit ``name``, before the attempt is carried out."""
    limit, seconds = limit_of(name)
    now = timezone.now()
    with transaction.atomic():
        counter, created = Counter.objects.select_for_update().get_or_create(
            key=_key(name, subject), defaults={"count": 1, "expires": now + timedelta(seconds=seconds)}
        )
        if not created:
            if counter.expires <= now:  # a new window
                counter.count, counter.expires = 1, now + timedelta(seconds=seconds)
            else:
                counter.count += 1
            counter.save(update_fields=["count", "expires"])
        elif random.random() < 0.01:  # now and then, drop the windows that ended long ago
            Counter.objects.filter(expires__lt=now - timedelta(hours=1)).delete()
    retry = min(seconds, max(1, math.ceil((counter.expires - now).total_seconds())))
    return Verdict(counter.count, limit, retry)


def undo(name: str, subject: str = "") -> None:
    """Take one attempt back (it turned out not to be the kind the limit is about, e.g. a successful login)."""
    Counter.objects.filter(key=_key(name, subject), count__gt=0).update(count=F("count") - 1)


def forget(name: str, subject: str = "") -> None:
    """Start the limit afresh for this subject."""
    Counter.objects.filter(key=_key(name, subject)).delete()


def address_retry_after(name: str, request: HttpRequest) -> int | None:
    """Count one request of this address against the limit ``name``: the seconds to wait when it is over, else
    None. Shared by the public pages (status, verification) so that every worker counts the same."""
    verdict = hit(name, counted_address(request))
    return verdict.retry_after if verdict.over else None
