"""The login limits: per user name, per address, and across everyone (password spraying).

An attempt is counted before its password is checked; an attempt refused by one limit is taken back from the
others, so only checked passwords count. A successful login starts its user name afresh and is taken back from
the address and global counts (they are about failures).
"""

from __future__ import annotations

from django.http import HttpRequest

from sopan.web.throttle.limits import Verdict, forget, hit, undo

__all__ = ["login_attempt", "login_succeeded"]


def _subjects(request: HttpRequest) -> list[tuple[str, str]]:
    username = str(request.POST.get("username", "")).strip().lower()[:150]
    address = request.META.get("REMOTE_ADDR", "?")
    return [("login-user", username), ("login-address", address), ("login-all", "")]


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
    user, address, everyone = _subjects(request)
    forget(*user)
    undo(*address)
    undo(*everyone)
