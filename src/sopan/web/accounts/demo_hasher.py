"""A cheap password hash for the demo users' random passwords, which only a first start outside production makes.

The demo accounts get random passwords written to a file only the owner can read; hashing ~90 of them with
the full PBKDF2 work took most of a first start. Outside production this hasher is listed last in
``PASSWORD_HASHERS`` and used only by ``serve.first_start``; Django re-hashes a password with the full work at
its first login. In production mode it is not listed, so such a hash is refused and never made.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

__all__ = ["DEMO_ALGORITHM", "DemoPasswordHasher", "demo_password_hash"]

DEMO_ALGORITHM = "pbkdf2_sha256_demo"
HASHER = "sopan.web.accounts.demo_hasher.DemoPasswordHasher"


class DemoPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with a thousand iterations: for random demo passwords, re-hashed in full at first login."""

    algorithm = DEMO_ALGORITHM
    iterations = 1_000


def demo_password_hash(password: str) -> str:
    """The demo hash outside production; the full default hash in production (where demo hashes are refused)."""
    if HASHER in settings.PASSWORD_HASHERS and not settings.PRODUCTION:
        return make_password(password, hasher=DEMO_ALGORITHM)
    return make_password(password)
