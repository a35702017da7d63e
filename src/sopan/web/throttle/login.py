"""The login limits: per user name from one address, and per address (whatever the user names).

No limit counts a user name from every address or everyone's failures together: then anyone could lock a user
(or every user) out by failing on purpose from elsewhere. An attempt is counted before its password is checked;
an attempt refused by one limit is taken back from the other, so only checked passwords count. A successful login
starts its user name (from that address) afresh and is taken back from the address's count (it is about failures).
"""

from __future__ import annotations

from django.http import HttpRequest

from sopan.web.throttle.address import client_address
from sopan.web.throttle.limits import Verdict, forget, hit, undo

__all__ = ["login_attempt", "login_succeeded"]


def _subjects(request: HttpRequest) -> list[tuple[str, str]]:
    username = str(request.POST.get("username", "")).strip().lower()[:150]
    address = client_address(request)
    return [("login-user", f"{username}\x00{address}"), ("login-address", address)]


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
    user, address = _subjects(request)
    forget(*user)
    undo(*address)
