"""The office's users: who belongs to an organisation, and adding, editing, (de)activating them and their passwords.

Every change is one transaction with its audit entry; a refused change raises :class:`Refused` before anything
is saved. Users are never deleted: events keep their actor.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from sopan.engine.personal import valid_phone
from sopan.web.accounts.models import Administrator, ApiToken, Staff
from sopan.web.catalog.models import Organisation
from sopan.web.office.audit import record
from sopan.web.office.refusal import Refused

__all__ = [
    "UserFields",
    "active_administrators",
    "check_may_manage",
    "check_password",
    "create_user",
    "members",
    "one_time_password",
    "reset_password",
    "set_active",
    "set_own_password",
    "staff_of",
    "update_user",
    "user_of",
]

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")
NIP_DIGITS = 18
NAME_MAX = 150
PHONE_MAX = 30


@dataclass(frozen=True)
class UserFields:
    """What an administrator types for a user; username only when adding."""

    name: str
    nip: str = ""
    email: str = ""
    phone: str = ""
    username: str = ""


def staff_of(user: AbstractBaseUser) -> Staff:
    staff, _ = Staff.objects.get_or_create(user=user)
    return staff


def members(organisation: Organisation) -> QuerySet[User]:
    """Users of the organisation: its staff, and whoever holds (or held) one of its roles or administers it."""
    return (
        User.objects.filter(
            Q(staff__organisation=organisation)
            | Q(role_assignments__role__organisation=organisation)
            | Q(administrations__organisation=organisation)
        )
        .filter(is_superuser=False)
        .distinct()
    )


def user_of(organisation: Organisation, user_id: int) -> User | None:
    """The member with this id, if the organisation's administrators may manage them (never a superuser)."""
    return members(organisation).select_related("staff").filter(pk=user_id).first()


def check_may_manage(actor: AbstractBaseUser | None, organisation: Organisation, user: User) -> None:
    """An administrator of A changes A's own staff only: not a user whose home is another organisation, nor one who
    administers an organisation the actor does not (that would hand over the other office's keys)."""
    if actor is None or actor.is_superuser:
        return
    home = Staff.objects.filter(user=user).values_list("organisation_id", flat=True).first()
    theirs = set(Administrator.objects.filter(user=user).values_list("organisation_id", flat=True))
    mine = set(Administrator.objects.filter(user=actor).values_list("organisation_id", flat=True))
    if (home is not None and home != organisation.pk) or not theirs <= mine:
        raise Refused(
            "other_organisation_user",
            f"{user.username} dikelola oleh organisasi lain; mintalah pengelolanya.",
            f"{user.username} is managed by another organisation; ask its administrator.",
        )


def active_administrators(organisation: Organisation) -> QuerySet[Administrator]:
    return Administrator.objects.filter(organisation=organisation, user__is_active=True)


def one_time_password() -> str:
    """A password to tell the user once; they must change it at the first login."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


def check_password(password: str, user: User | None = None) -> None:
    """Django's password validators, their messages in both languages."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        with translation.override("id"):
            message_id = " ".join(str(message) for message in error.messages)
        with translation.override("en"):
            try:
                password_validation.validate_password(password, user)
            except ValidationError as again:
                message_en = " ".join(str(message) for message in again.messages)
        raise Refused("password_weak", message_id, message_en, field="password") from error


def _clean(fields: UserFields) -> UserFields:
    name = fields.name.strip()
    nip = re.sub(r"\s", "", fields.nip)
    email = fields.email.strip()
    phone = fields.phone.strip()
    if not name:
        raise Refused("name_required", "Nama wajib diisi.", "The name is required.", field="name")
    if len(name) > NAME_MAX:
        raise Refused(
            "name_long", f"Nama paling banyak {NAME_MAX} karakter.", f"At most {NAME_MAX} characters.", field="name"
        )
    if nip and not (nip.isdigit() and len(nip) == NIP_DIGITS and nip.isascii()):
        raise Refused(
            "nip_invalid",
            f"NIP harus {NIP_DIGITS} angka (tertulis {len(nip)} karakter).",
            f"The NIP must be {NIP_DIGITS} digits ({len(nip)} characters given).",
            field="nip",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise Refused(
                "email_invalid", "Alamat surel tidak sah.", "Not a valid e-mail address.", field="email"
            ) from error
    if len(phone) > PHONE_MAX or (phone and not valid_phone(phone)):
        raise Refused(
            "phone_invalid",
            f"Nomor telepon hanya angka, spasi, +, -, ( ), paling banyak {PHONE_MAX} karakter.",
            f"A phone number holds digits, spaces, +, -, ( ) only, at most {PHONE_MAX} characters.",
            field="phone",
        )
    return UserFields(name=name, nip=nip, email=email, phone=phone, username=fields.username.strip().lower())


def _username_free(username: str) -> None:
    if User.objects.filter(username__iexact=username).exists():
        raise Refused(
            "username_taken",
            f"Nama pengguna '{username}' sudah dipakai.",
            f"The user name '{username}' is taken.",
            field="username",
        )


def _nip_free(nip: str, user: User | None = None) -> None:
    if nip and Staff.objects.filter(nip=nip).exclude(user=user).exists():
        raise Refused("nip_taken", "NIP ini sudah dipakai pengguna lain.", "This NIP belongs to another user.", "nip")


def _snapshot(user: User) -> dict[str, Any]:
    staff = staff_of(user)
    return {
        "nama": user.first_name,
        "nip": staff.nip,
        "email": user.email,
        "telepon": staff.phone,
        "aktif": user.is_active,
    }


def create_user(actor: AbstractBaseUser | None, organisation: Organisation, fields: UserFields) -> tuple[User, str]:
    """A new user of the organisation with a one-time password (returned, never stored in clear)."""
    fields = _clean(fields)
    if not USERNAME.fullmatch(fields.username):
        raise Refused(
            "username_invalid",
            "Nama pengguna 3-150 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.",
            "A user name has 3-150 characters: lower-case letters, digits, dot, underscore or hyphen.",
            field="username",
        )
    password = one_time_password()
    hashed = make_password(password)  # before the transaction: a quarter of a second, with no lock held
    try:
        with transaction.atomic():
            # checked in the transaction that inserts (on SQLite it holds the write lock from its start): a form
            # sent twice at once makes one user, and the second is refused as taken, never a second password
            _username_free(fields.username)
            _nip_free(fields.nip)
            user = User.objects.create_user(fields.username, email=fields.email, password=None, first_name=fields.name)
            user.password = hashed
            user.save(update_fields=["password"])
            Staff.objects.create(
                user=user, organisation=organisation, nip=fields.nip, phone=fields.phone, must_change_password=True
            )
            record(actor, organisation, "user.create", user.username, None, _snapshot(user))
    except IntegrityError:  # PostgreSQL: another transaction inserted the same name meanwhile
        _username_free(fields.username)
        _nip_free(fields.nip)
        raise
    return user, password


def update_user(actor: AbstractBaseUser | None, organisation: Organisation, user: User, fields: UserFields) -> None:
    check_may_manage(actor, organisation, user)
    fields = _clean(fields)
    _nip_free(fields.nip, user)
    with transaction.atomic():
        before = _snapshot(user)
        user.first_name, user.email = fields.name, fields.email
        user.save(update_fields=["first_name", "email"])
        staff = staff_of(user)
        staff.nip, staff.phone = fields.nip, fields.phone
        if staff.organisation_id is None:
            staff.organisation = organisation
        staff.save()
        after = _snapshot(user)
        if after != before:
            record(actor, organisation, "user.update", user.username, before, after)


def set_active(actor: AbstractBaseUser, organisation: Organisation, user: User, active: bool) -> None:
    """Deactivating ends the user's sessions and revokes their API tokens at once; never oneself, never the last
    active administrator of the organisation."""
    check_may_manage(actor, organisation, user)
    if user.is_active == active:
        return
    if not active:
        if user.pk == actor.pk:
            raise Refused(
                "deactivate_self", "Anda tidak dapat menonaktifkan diri sendiri.", "You cannot deactivate yourself."
            )
        for administration in Administrator.objects.filter(user=user):
            if active_administrators(administration.organisation).exclude(user=user).count() == 0:
                raise Refused(
                    "last_administrator",
                    f"{user.username} adalah pengelola aktif terakhir {administration.organisation.name}: "
                    "tetapkan pengelola lain dahulu.",
                    f"{user.username} is the last active administrator of {administration.organisation.name}: "
                    "appoint another one first.",
                )
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)
            _end_sessions(user)
        record(actor, organisation, "user.activate" if active else "user.deactivate", user.username,
               {"aktif": not active}, {"aktif": active})  # fmt: skip


def _end_sessions(user: User) -> None:
    """Delete the user's sessions (the authentication middleware would refuse them anyway: the user is inactive)."""
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()


def reset_password(actor: AbstractBaseUser | None, organisation: Organisation | None, user: User) -> str:
    """A new one-time password (returned once); the user must change it at the next login."""
    if organisation is not None:
        check_may_manage(actor, organisation, user)
    password = one_time_password()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        staff = staff_of(user)
        staff.must_change_password = True
        staff.save(update_fields=["must_change_password"])
        record(actor, organisation, "user.password_reset", user.username)
    return password


def set_own_password(user: User, password: str, again: str) -> None:
    """The user's own new password, checked by Django's validators; clears the must-change mark."""
    if password != again:
        raise Refused("password_mismatch", "Kedua kata sandi tidak sama.", "The two passwords differ.", "password2")
    if user.check_password(password):  # e.g. the one-time password, which the administrator who gave it knows
        raise Refused(
            "password_unchanged",
            "Kata sandi baru harus berbeda dari yang sekarang.",
            "The new password must differ from the current one.",
            "password",
        )
    check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Staff.objects.filter(user=user).update(must_change_password=False)
        organisation = getattr(staff_of(user), "organisation", None)
        record(user, organisation, "user.password_change", user.username)
