"""Who approves and signs a version: the holder of the role named in "Disahkan Oleh" (or the role the office
named for it), and nobody else; the unit that wrote the SOP cannot approve it by holding another role."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.urls import reverse

from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.catalog.models import Role, SopVersion
from sopan.web.catalog.version_actions import VersionAction
from sopan.web.signing.state import BERLAKU, version_state

__all__ = ["approver_role", "jabatan_of", "matching_role", "may_sign", "named_position", "sign_action"]


def named_position(version: SopVersion) -> str:
    """The jabatan in the version's "Disahkan Oleh", or ''."""
    return jabatan_of(version.definition.get("disahkan_oleh"))


def jabatan_of(approved: object) -> str:
    """The jabatan of a definition's ``disahkan_oleh`` value, or ''."""
    return str(approved.get("jabatan") or "").strip() if isinstance(approved, dict) else ""


def _words(text: str) -> list[str]:
    return text.casefold().replace(".", " ").split()


def approver_role(version: SopVersion) -> Role | None:
    """The office's chosen approver role, else its internal role named like the jabatan: the same name, or the
    longest role name the jabatan starts with ("Camat" for "Camat Bawang")."""
    organisation = version.sop.organisation
    setup = getattr(organisation, "signing_setup", None)
    if setup is not None and setup.approver_role_id is not None:
        return setup.approver_role
    position = named_position(version)
    if not _words(position):
        return None
    return matching_role(position, Role.objects.filter(organisation=organisation, external=False))


def matching_role(position: str, roles: Iterable[Role]) -> Role | None:
    """Of ``roles`` (an office's internal roles), the one a jabatan names: the same name, or the longest role name
    the jabatan starts with, compared word by word ignoring case and dots."""
    words = _words(position)
    best: tuple[int, Role] | None = None
    for role in roles:
        name = _words(role.name)
        if name and words[: len(name)] == name and (best is None or len(name) > best[0]):
            best = (len(name), role)
    return best[1] if best else None


def may_sign(user: AbstractBaseUser | AnonymousUser, version: SopVersion) -> bool:
    """Whether ``user`` holds the approver role of ``version`` today (definitif, Plt or Plh)."""
    if not user.is_authenticated:
        return False
    role = approver_role(version)
    return role is not None and RoleAssignment.objects.filter(holding(), user=user, role=role).exists()


def sign_action(request: HttpRequest, version: SopVersion) -> VersionAction | None:
    """The "Setujui dan tanda tangani" button, for the approver only, on a version not signed yet; for a signed
    one, its verification page."""
    signed = version.signed_documents.first()  # type: ignore[attr-defined]
    if signed is not None:
        return VersionAction(reverse("verification", args=[signed.code]), "Dokumen bertanda tangan", "Signed document")
    if not may_sign(request.user, version) or version_state(version) != BERLAKU:
        return None
    url = reverse("sign-version", args=[version.sop.organisation.code, version.sop.key, version.number])
    return VersionAction(url, "Setujui dan tanda tangani", "Approve and sign", primary=True)
