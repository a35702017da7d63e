"""The organisation's profile as the office keeps it: organisasi.yaml is the initial source, and each key the office
changes in the browser wins over the file, also when the library is published again, until the office returns it
to the file. The logo the office uploads (an image of at most 2 MB) wins over the file's logo."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from sopan.io.guard import screen_text
from sopan.io.messages import validation_message
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.problems import Message
from sopan.web.catalog.models import Organisation
from sopan.worktime.hours import OfficeHours

__all__ = [
    "LOGO_MAX_BYTES",
    "LOGO_TYPES",
    "PROFILE_KEYS",
    "ProfileError",
    "apply_office_changes",
    "change_profile",
    "check_logo",
    "effective_definition",
    "file_values",
    "logo_data_uri",
    "organisation_model",
    "profile_of",
    "remove_logo",
    "same_value",
    "set_logo",
    "values_in_force",
]

PROFILE_KEYS = ("nama", "induk", "alamat", "zona_waktu", "jam_kerja")  # the keys of organisasi.yaml kept here
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}  # what PDF and Word both print


class ProfileError(ValueError):
    """A change that cannot be made: each problem with the key it concerns, in both languages."""

    def __init__(self, problems: list[tuple[str, Message]]) -> None:
        super().__init__("; ".join(f"{key}: {message.en}" for key, message in problems))
        self.problems = problems

    def text(self, lang: str = "id") -> str:
        return "; ".join(f"{key}: {message.text(lang)}" for key, message in self.problems)


def _defaults(organisation: Organisation) -> dict[str, Any]:
    return {"kode": organisation.code, "nama": organisation.name}


def _values(model: OrganisationModel) -> dict[str, Any]:
    return {
        "nama": model.name,
        "induk": list(model.parents),
        "alamat": model.address or None,
        "zona_waktu": model.timezone,
        "jam_kerja": dict(model.office_hours),
    }


def file_values(organisation: Organisation) -> dict[str, Any]:
    """The profile keys as organisasi.yaml gives them, its defaults filled in."""
    return _values(_validated(dict(organisation.definition or _defaults(organisation))))


def values_in_force(organisation: Organisation) -> dict[str, Any]:
    """The profile keys as they apply now: organisasi.yaml with the office's changes on top."""
    return _values(_validated(effective_definition(organisation)))


def same_value(key: str, one: Any, other: Any) -> bool:
    """Whether two values of a profile key mean the same: office hours compared as hours, not as text."""
    if key == "jam_kerja":
        try:
            return OfficeHours.from_days(one or {}) == OfficeHours.from_days(other or {})
        except ValueError:
            return False
    empty = (None, "", [])
    return one == other or (one in empty and other in empty)


def effective_definition(organisation: Organisation, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """organisasi.yaml with the office's changes on top (``changes``, or the stored ones)."""
    merged = dict(organisation.definition or _defaults(organisation))
    for key, value in (organisation.office_changes if changes is None else changes).items():
        if value in (None, "", [], {}) and key != "nama":
            merged.pop(key, None)  # emptied by the office: the file's default applies (no address, default week)
        else:
            merged[key] = value
    return merged


def _validated(definition: dict[str, Any]) -> OrganisationModel:
    """The merged profile checked exactly as the loader checks organisasi.yaml, every problem at once."""
    try:
        return OrganisationModel.model_validate(definition)
    except ValidationError as error:
        problems = [
            (".".join(str(part) for part in item["loc"]) or "organisasi", validation_message(item))
            for item in error.errors()
        ]
        raise ProfileError(problems) from None


def _store(organisation: Organisation, model: OrganisationModel) -> None:
    organisation.name = model.name
    organisation.parent = " / ".join(model.parents)
    organisation.address = model.address or ""
    organisation.timezone = model.timezone
    organisation.office_hours = model.office_hours


def profile_of(organisation: Organisation) -> dict[str, Any]:
    """The profile keys in force, for the audit log and the API."""
    return values_in_force(organisation) | {"logo": organisation.logo_type or None}


def change_profile(
    organisation: Organisation, changes: dict[str, Any], reset: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Change profile keys (the office's values win over the file from now on) and return ``reset`` keys to
    organisasi.yaml; all or nothing. A key set to the file's own value is no longer a change. Returns the keys
    that now differ from the file."""
    unknown = sorted((set(changes) | set(reset)) - set(PROFILE_KEYS))
    if unknown:
        raise ProfileError([(key, Message("kunci profil tidak dikenal", "unknown profile key")) for key in unknown])
    for key, value in changes.items():  # what organisasi.yaml may not hold (control characters) the browser may not
        refusal = next((found for text in _texts(value) if (found := screen_text(text)) is not None), None)
        if refusal is not None:
            raise ProfileError([(key, refusal.message)])
    if "nama" in changes and not str(changes["nama"] or "").strip():
        raise ProfileError([("nama", Message("nama organisasi tidak boleh kosong", "the name cannot be empty"))])
    kept = {key: value for key, value in organisation.office_changes.items() if key not in reset}
    kept.update(changes)
    from_file = file_values(organisation)
    kept = {key: value for key, value in kept.items() if not same_value(key, from_file.get(key), value)}
    model = _validated(effective_definition(organisation, kept))
    with transaction.atomic():
        _store(organisation, model)
        organisation.office_changes = kept
        organisation.save(update_fields=["name", "parent", "address", "timezone", "office_hours", "office_changes"])
    return sorted(kept)


def _texts(value: Any) -> list[str]:
    """Every text in a profile value (a name, the parents' list, the hours per day)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def apply_office_changes(organisation: Organisation) -> None:
    """After publishing organisasi.yaml anew: the office's changes on top of the new file (not saved here). A
    change the new file no longer accepts is dropped, and the file's values apply."""
    try:
        model = _validated(effective_definition(organisation))
    except ProfileError:
        organisation.office_changes = {}
        model = _validated(effective_definition(organisation))
    _store(organisation, model)


def check_logo(data: bytes) -> str:
    """The media type of an uploaded logo: a PNG, JPEG or GIF image of at most 2 MB; ProfileError otherwise."""
    if len(data) > LOGO_MAX_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f} MB"
        too_big = Message(f"berkas {size}, paling besar 2 MB", f"the file is {size}, at most 2 MB")
        raise ProfileError([("logo", too_big)])
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = ""
    if kind not in LOGO_TYPES:
        raise ProfileError(
            [("logo", Message("bukan gambar PNG, JPEG atau GIF yang terbaca", "not a readable PNG, JPEG or GIF image"))]
        )
    return LOGO_TYPES[kind]


def set_logo(organisation: Organisation, data: bytes) -> None:
    """Keep the uploaded logo, after :func:`check_logo`; it replaces the file's logo on every document."""
    kind = check_logo(data)
    organisation.logo, organisation.logo_type = data, kind
    organisation.save(update_fields=["logo", "logo_type"])


def remove_logo(organisation: Organisation) -> None:
    """Back to the file's logo (if any)."""
    organisation.logo, organisation.logo_type = None, ""
    organisation.save(update_fields=["logo", "logo_type"])


def organisation_model(organisation: Organisation) -> OrganisationModel:
    """The organisation as the documents print it: the profile in force and the uploaded logo inline (a data
    URI, so the identity page and the book cover need no file). Without an upload, the file's logo path stays."""
    model = _validated(effective_definition(organisation))
    logo = logo_data_uri(organisation)
    return model.model_copy(update={"logo": logo}) if logo else model


def logo_data_uri(organisation: Organisation) -> str | None:
    """The uploaded logo as a data URI (None without one)."""
    if not organisation.logo:
        return None
    return f"data:{organisation.logo_type};base64,{base64.b64encode(bytes(organisation.logo)).decode('ascii')}"
