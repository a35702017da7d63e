"""Starting drafts and changing them: every change in one transaction, checked against the draft's version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sopan.edit import Definition, Refusal, apply, definition_from_text
from sopan.edit.definition import plain
from sopan.io.template import TEMPLATE
from sopan.model.sop import slugify
from sopan.problems import Message, Problem
from sopan.web.authoring.models import Draft, DraftChange
from sopan.web.catalog.models import Organisation, SopVersion

__all__ = [
    "KEPT_CHANGES",
    "Conflict",
    "Locked",
    "change_draft",
    "new_draft",
    "replace_definition",
    "save_text",
    "undo",
]

KEPT_CHANGES = 50
"""How many past changes a draft keeps for undo."""


class Conflict(Exception):
    """The draft changed since the editor read it (someone else saved): nothing of this change was saved.
    ``Locked`` (below) is the other reason a change is refused whole."""

    def __init__(self, current: int) -> None:
        self.current = current
        self.message = Message(
            f"Konsep ini sudah diubah orang lain (versi {current}). Perubahan Anda belum disimpan: baca konsep "
            "terbaru, lalu ulangi perubahan Anda.",
            f"This draft was changed by someone else (version {current}). Your change was not saved: read the "
            "latest draft, then make your change again.",
        )
        super().__init__(self.message.en)

    code = "version_conflict"


class Locked(Conflict):
    """The draft is out of its unit's hands (submitted, in review, conforming or approved): nothing was saved."""

    code = "draft_locked"

    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.message = Message(
            "Rancangan ini sedang diajukan atau ditelaah dan tidak dapat diubah. Perubahan dapat dilakukan lagi "
            "setelah rancangan dikembalikan untuk perbaikan.",
            "This draft has been submitted or is in review and cannot be changed. It can be changed again once it "
            "is sent back for changes.",
        )


def _empty(organisation: Organisation) -> Definition:
    return {"organisasi": organisation.code, "nama": "SOP baru", "pelaksana": [], "langkah": [{"kegiatan": "Kegiatan"}]}


def _key(text: str, fallback: str) -> str:
    return (slugify(text) or slugify(fallback) or "sop-baru")[:200]


def new_draft(
    organisation: Organisation,
    user: AbstractBaseUser,
    *,
    start: str,
    key: str = "",
    text: str = "",
    version: SopVersion | None = None,
) -> Draft | list[Problem]:
    """A draft started ``kosong`` (empty), from the ``templat``, as a ``revisi`` of a published version, or
    from an ``unggah``-ed ``.sop.yaml`` (its problems when it does not load; nothing is saved then)."""
    source = ""
    based_on = None
    if start == "unggah":
        definition, problems = definition_from_text(text)
        if definition is None:
            return problems
        source = text
    elif start == "templat":
        definition, _ = definition_from_text(TEMPLATE)
        assert definition is not None
        definition["organisasi"] = organisation.code
        source = TEMPLATE
    elif start == "revisi" and version is not None:
        definition = plain(version.definition)
        key = key or version.sop.key
        based_on = version
    else:
        definition = _empty(organisation)
    draft = Draft.objects.create(
        organisation=organisation,
        sop_key=_key(key, str(definition.get("nama", ""))),
        title=str(definition.get("nama", ""))[:500],
        definition=definition,
        source_text=source,
        based_on=based_on,
    )
    draft.authors.add(user)
    return draft


def _locked(draft: Draft, expected: int) -> Draft:
    current = Draft.objects.select_for_update().get(pk=draft.pk)
    if current.status == Draft.Status.DIAJUKAN:
        raise Locked(current.version)
    if current.version != expected:
        raise Conflict(current.version)
    return current


def _record(
    current: Draft, user: AbstractBaseUser, operation: str, before: Definition, pending: str, source: str
) -> None:
    current.version += 1
    current.title = str(current.definition.get("nama", ""))[:500]
    current.updated_at = timezone.now()
    current.save()
    current.authors.add(user)
    DraftChange.objects.create(
        draft=current,
        version=current.version,
        author=user,
        operation=operation,
        before=before,
        before_pending=pending,
        before_source=source,
    )
    old = current.changes.order_by("-version").values_list("pk", flat=True)[KEPT_CHANGES:]
    DraftChange.objects.filter(pk__in=list(old)).delete()


def change_draft(
    draft: Draft, user: AbstractBaseUser, expected: int, operation: str, params: Mapping[str, Any]
) -> Draft | Refusal:
    """Apply one editing operation; a refusal saves nothing, a stale ``expected`` version raises Conflict."""
    with transaction.atomic():
        current = _locked(draft, expected)
        outcome = apply(current.definition, operation, params)
        if isinstance(outcome, Refusal):
            return outcome
        before, pending, source = current.definition, current.pending_text, current.source_text
        current.definition, current.pending_text = outcome, ""
        _record(current, user, operation, before, pending, source)
    return current


def replace_definition(draft: Draft, user: AbstractBaseUser, expected: int, definition: Definition) -> Draft:
    """The whole definition at once (the API's PUT and JSON Patch), already checked to load."""
    with transaction.atomic():
        current = _locked(draft, expected)
        before, pending, source = current.definition, current.pending_text, current.source_text
        current.definition, current.pending_text = definition, ""
        _record(current, user, "replace", before, pending, source)
    return current


def save_text(draft: Draft, user: AbstractBaseUser, expected: int, text: str) -> tuple[Draft, list[Problem]]:
    """YAML mode: text that loads becomes the definition (and lends its comments); text that does not is kept
    as it is, with the loader's problems, and the definition stays the last one that loaded."""
    definition, problems = definition_from_text(text, draft.sop_key)
    with transaction.atomic():
        current = _locked(draft, expected)
        before, pending, source = current.definition, current.pending_text, current.source_text
        if definition is None:
            current.pending_text = text
        else:
            current.definition, current.source_text, current.pending_text = definition, text, ""
        _record(current, user, "yaml", before, pending, source)
    return current, problems


def undo(draft: Draft, user: AbstractBaseUser, expected: int) -> Draft | None:
    """Undo the last change (a new version, so other editors see it); None when there is nothing to undo."""
    with transaction.atomic():
        current = _locked(draft, expected)
        last = current.changes.order_by("-version").first()
        if last is None:
            return None
        current.definition, current.pending_text = last.before, last.before_pending
        if last.before_source is not None:  # None: a change recorded before the source text was kept
            current.source_text = last.before_source
        last.delete()
        current.version += 1
        current.title = str(current.definition.get("nama", ""))[:500]
        current.updated_at = timezone.now()
        current.save()
    return current
