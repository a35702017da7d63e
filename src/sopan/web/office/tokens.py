"""API tokens an organisation's administrators issue in the browser (read or read-write, with an expiry) and revoke."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sopan.web.accounts.models import ApiToken
from sopan.web.catalog.models import Organisation
from sopan.web.office.audit import record
from sopan.web.office.refusal import Refused

__all__ = ["MAX_DAYS", "issue_token", "revoke_token", "tokens_of"]

MAX_DAYS = 366  # a token lives one year at most; an integration gets a new one before then
NAME_MAX = 100


def tokens_of(organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related("user").order_by("-created_at")


def issue_token(
    actor: AbstractBaseUser | None, organisation: Organisation, user: User, name: str, scope: str, days: int
) -> tuple[ApiToken, str]:
    """The token row and the raw token, to be shown once."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise Refused(
            "token_name", f"Nama token 1-{NAME_MAX} karakter.", f"A token's name has 1-{NAME_MAX} characters.", "name"
        )
    if scope not in {choice.value for choice in ApiToken.Scope}:
        raise Refused("token_scope", "Cakupan harus read atau write.", "The scope is read or write.", field="scope")
    if not 1 <= days <= MAX_DAYS:
        raise Refused(
            "token_days",
            f"Masa berlaku 1-{MAX_DAYS} hari.",
            f"A token is valid for 1-{MAX_DAYS} days.",
            field="days",
        )
    if not user.is_active:
        raise Refused("user_inactive", "Pengguna ini tidak aktif.", "This user is inactive.", field="user")
    expires_at = timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name, scope=scope, expires_at=expires_at, organisation=organisation)
        after = {"nama": name, "pengguna": user.username, "cakupan": scope, "berlaku_sampai": expires_at.isoformat()}
        record(actor, organisation, "token.issue", name, None, after)
    return token, raw


def revoke_token(actor: AbstractBaseUser | None, organisation: Organisation, token: ApiToken) -> None:
    if token.organisation_id != organisation.pk or token.revoked:
        return
    with transaction.atomic():
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(actor, organisation, "token.revoke", token.name, {"dicabut": False}, {"dicabut": True})
