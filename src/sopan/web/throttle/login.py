"""The login limits: per user name from one address, per address (whatever the user names), and a high ceiling
per user name from all addresses together.

The first two are low; the ceiling is high (50 in 15 minutes by default). Without it an attacker with many
addresses (a botnet) could guess one account's password without end; with a low one anyone could lock a user out
by failing on purpose from elsewhere, so it is high enough that a casual lockout needs many attempts while the
guessing stays bounded. No limit counts everyone's failures together. An address is counted by its IPv6 /64
(``counted_address``). An attempt is counted before its password is checked;
an attempt refused by one limit is taken back from the other, so only checked passwords count. A successful login
starts its user name (from that address) afresh and is taken back from the address's and the user name's counts
(they are about failures; the failures of others stay counted).
"""

from __future__ import annotations

from django.http import HttpRequest

from sopan.web.throttle.address import counted_address
from sopan.web.throttle.limits import Verdict, forget, hit, undo

__all__ = ["login_attempt", "login_succeeded"]


def _subjects(request: HttpRequest) -> list[tuple[str, str]]:
    username = str(request.POST.get("username", "")).strip().lower()[:150]
    address = counted_address(request)
    return [("login-user", f"{username}\x00{address}"), ("login-address", address), ("login-user-all", username)]


def login_attempt(request: HttpRequest) -> Verdict | None:
    """Count this login attempt; the verdict of the limit it is over, or None when its password may be checked."""
    counted: list[tuple[str, str]] = []
    for name, subject in _subjects(request):
        verdict = hit(name, subject)
        if verdict.over:
            for earlier in counted:
                undo(*earlier)
            return verdict
        counted.append((name, subject))
    return None


def login_succeeded(request: HttpRequest) -> None:
    """The password was right: the user name starts afresh and the attempt was no failure."""
    user, address, everywhere = _subjects(request)
    forget(*user)
    undo(*address)
    undo(*everywhere)
