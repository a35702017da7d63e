"""SOP drafts over JSON: create, read, replace the whole definition or change it by JSON Patch (RFC 6902), each
write checked against the draft's version (409 on conflict, and 409 ``draft_locked`` while the draft is submitted or
in review); lint a draft; render it as SVG or PDF.

Only those who may write the organisation's drafts reach them (its penyusun SOP, its administrators, the Biro
Organisasi); anyone else gets 404. A definition (JSON) that does not load is 422 with the loader's messages and
nothing is saved. The whole ``.sop.yaml`` text (PUT with ``text``) is kept even when it does not load, as the YAML
screen keeps it so that nothing typed is lost: the answer is 200 with ``loads: false``, the loader's problems with
their lines, and the text in ``pending_text``; the definition stays the last one that loaded. A control character
(a NUL, say) anywhere is 422 and nothing is saved; so is a text (or key) longer than an editor field
(``limits.DRAFT_FIELD``, the answer names its JSON pointer), and a definition or text larger than a file may be."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import jsonpatch
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from sopan.compare import Comparison
from sopan.edit import problems_of
from sopan.edit.definition import plain
from sopan.problems import Message, Problem
from sopan.web.api.errors import ApiError, language, not_found
from sopan.web.api.schemas import Error
from sopan.web.authoring.access import draft_or_404, writable_organisations
from sopan.web.authoring.bounds import long_text_refusal, size_refusal, text_size_refusal
from sopan.web.authoring.checking import check_draft, check_text
from sopan.web.authoring.comparing import compare_draft, published_for
from sopan.web.authoring.control import control_refusal
from sopan.web.authoring.draft_states import shown_state
from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import Conflict, new_draft, replace_definition, save_text
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.profile import organisation_model

__all__ = ["router"]

router = Router(tags=["drafts"])
Start = Literal["kosong", "templat", "revisi", "unggah"]
_GROWING = frozenset({"add", "replace", "copy"})  # the operations that can make a definition larger


class DraftOut(Schema):
    id: uuid.UUID
    organisation: str
    key: str = Field(description="The file name without .sop.yaml")
    title: str
    status: str = Field(description="konsep (its unit may change it) or diajukan (submitted: every change is 409)")
    state: str = Field(description="Its state on the way to law: DRAFT, DIAJUKAN, DALAM_REVIEW, PERLU_PERBAIKAN, ...")
    version: int = Field(description="Send it back with every change: a stale one is 409")
    based_on: int | None = Field(description="The published version number a revision started from")
    definition: dict[str, Any] = Field(description="The SOP as the plain data of a .sop.yaml (Indonesian keys)")
    pending_text: str | None = Field(description="YAML text saved that does not load yet")
    updated_at: dt.datetime


class DraftIn(Schema):
    organisation: str = Field(max_length=100)
    start: Start = Field(default="kosong", description="kosong, templat, revisi (of `sop`), unggah (of `text`)")
    key: str = Field(default="", max_length=200)
    sop: str = Field(default="", max_length=200, description="For a revision: the published SOP's key")
    text: str = Field(default="", max_length=1_000_000, description="For an upload: the .sop.yaml text")


class DraftPut(Schema):
    version: int
    definition: dict[str, Any] | None = Field(default=None, description="The whole definition")
    text: str | None = Field(default=None, max_length=1_000_000, description="Or the whole .sop.yaml text")


class PatchOperation(Schema):
    op: Literal["add", "remove", "replace", "move", "copy", "test"]
    path: str = Field(max_length=500)
    value: Any = None
    from_: str | None = Field(default=None, alias="from", max_length=500)


class DraftPatch(Schema):
    version: int
    patch: list[PatchOperation] = Field(max_length=500, description="RFC 6902 operations on the definition")


class FindingOut(Schema):
    code: str
    severity: str
    line: int | None
    column: int | None
    path: list[str | int]
    message: str


class LintOut(Schema):
    loads: bool
    findings: list[FindingOut]


class DraftSaved(DraftOut):
    loads: bool = Field(description="False when the text sent does not load: it is kept as pending_text")
    problems: list[FindingOut] = Field(description="The loader's problems with the text sent, with their lines")


WRITE_ANSWERS = {200: DraftSaved, 401: Error, 404: Error, 409: Error, 422: Error}


def _out(draft: Draft) -> dict[str, Any]:
    return {
        "id": draft.pk,
        "organisation": draft.organisation.code,
        "key": draft.sop_key,
        "title": draft.title,
        "status": draft.status,
        "state": shown_state(draft).code,
        "version": draft.version,
        "based_on": draft.based_on.number if draft.based_on_id else None,
        "definition": draft.definition,
        "pending_text": draft.pending_text or None,
        "updated_at": draft.updated_at,
    }


def _saved(draft: Draft, problems: list[Problem], lang: str) -> dict[str, Any]:
    return {**_out(draft), "loads": not draft.pending_text, "problems": [_finding(p, lang) for p in problems]}


def _finding(problem: Problem, lang: str) -> dict[str, Any]:
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "line": problem.line,
        "column": problem.column,
        "path": list(problem.path),
        "message": problem.message.text(lang),
    }


def _refuse(code: str, refused: Message | None) -> None:
    if refused is not None:
        raise ApiError(422, code, refused.id, refused.en)


def _draft(request: HttpRequest, draft_id: uuid.UUID) -> Draft:
    try:
        return draft_or_404(request.auth, draft_id)  # type: ignore[arg-type]
    except Http404:
        raise not_found("Konsep", "Draft") from None


@contextmanager
def _at_version() -> Iterator[None]:
    """A save at a stale version, or to a draft locked in review: 409 with the error's code, nothing saved."""
    try:
        yield
    except Conflict as error:
        raise ApiError(409, error.code, error.message.id, error.message.en) from None


def _does_not_load(problems: list[Problem]) -> ApiError:
    def listed(lang: str) -> str:
        return "; ".join(f"{p.key_path() or p.line or '-'}: {p.message.text(lang)}" for p in problems[:5])

    return ApiError(
        422, "does_not_load", f"Konsep tidak dapat dimuat: {listed('id')}", f"The draft does not load: {listed('en')}"
    )


def _pending(draft: Draft) -> list[Problem]:
    """The problems of the YAML-mode text saved that does not load (with its lines)."""
    return check_text(draft, draft.pending_text).problems


def _replace(request: HttpRequest, draft: Draft, version: int, definition: Any) -> Draft:
    if not isinstance(definition, dict):
        raise ApiError(422, "does_not_load", "Definisi harus berupa pemetaan.", "The definition must be a mapping.")
    _refuse("invalid_text", control_refusal("definition", definition))
    _refuse("too_long", long_text_refusal(definition))
    _refuse("too_large", size_refusal("definition", definition))
    definition = plain(definition)
    problems = problems_of(definition)
    if problems:
        raise _does_not_load(problems)
    with _at_version():
        return replace_definition(draft, request.auth, version, definition)  # type: ignore[arg-type]


@router.get("/drafts", response={200: list[DraftOut], 401: Error}, summary="The drafts you may write")
def list_drafts(request: HttpRequest) -> list[dict[str, Any]]:
    organisations = writable_organisations(request.auth)  # type: ignore[arg-type]
    found = Draft.objects.filter(organisation__in=organisations).select_related("organisation", "based_on")[:200]
    return [_out(draft) for draft in found]


@router.post(
    "/drafts",
    response={201: DraftOut, 401: Error, 404: Error, 422: Error},
    summary="Start a draft: empty, from the commented template, as a revision of a published SOP, or an upload",
)
def create_draft(request: HttpRequest, body: DraftIn) -> Status:
    organisation = writable_organisations(request.auth).filter(code=body.organisation).first()  # type: ignore[arg-type]
    if organisation is None:
        raise not_found("Organisasi", "Organisation")
    version = None
    if body.start == "revisi":
        version = (
            SopVersion.objects.filter(sop__organisation=organisation, sop__key=body.sop).order_by("-number").first()
        )
        if version is None:
            raise not_found("SOP terbit", "Published SOP")
    made = new_draft(organisation, request.auth, start=body.start, key=body.key, text=body.text, version=version)  # type: ignore[arg-type]
    if isinstance(made, list):
        raise _does_not_load(made)
    return Status(201, _out(made))


@router.get("/drafts/{draft_id}", response={200: DraftOut, 401: Error, 404: Error}, summary="A draft")
def read_draft(request: HttpRequest, draft_id: uuid.UUID) -> dict[str, Any]:
    return _out(_draft(request, draft_id))


def _write(method: str, summary: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route that changes a draft at the version read: its answers are the same."""
    return router.api_operation([method], "/drafts/{draft_id}", response=WRITE_ANSWERS, summary=summary)


@_write("PUT", "Replace the whole definition (or the whole .sop.yaml text) at the version you read")
def put_draft(request: HttpRequest, draft_id: uuid.UUID, body: DraftPut) -> dict[str, Any]:
    draft = _draft(request, draft_id)
    if body.text is not None:
        _refuse("invalid_text", control_refusal("text", body.text))
        _refuse("too_large", text_size_refusal("text", body.text))
        with _at_version():
            saved, problems = save_text(draft, request.auth, body.version, body.text)  # type: ignore[arg-type]
        return _saved(saved, problems, language(request))
    return _saved(_replace(request, draft, body.version, body.definition), [], language(request))


def _applied(definition: dict[str, Any], operations: list[dict[str, Any]]) -> Any:
    """The definition changed by ``operations`` one at a time, on a copy (the draft's own is never touched): an
    operation that makes a text too long (422 ``too_long``) or it larger than a file may be (422 ``too_large``, naming
    the operation's index and path) is refused before the next one can double it again."""
    patched: Any = copy.deepcopy(definition)
    for index, operation in enumerate(operations):
        patched = jsonpatch.JsonPatch([operation]).apply(patched, in_place=True)
        if operation["op"] in _GROWING:
            _refuse("too_long", long_text_refusal(patched))
            _refuse("too_large", size_refusal(f"patch/{index} ({operation['path'][:100]})", patched))
    return patched


@_write("PATCH", "Change the definition by JSON Patch (RFC 6902) at the version you read")
def patch_draft(request: HttpRequest, draft_id: uuid.UUID, body: DraftPatch) -> dict[str, Any]:
    draft = _draft(request, draft_id)
    operations = [operation.dict(by_alias=True, exclude_none=False) for operation in body.patch]
    for operation in operations:
        if operation.get("from") is None:
            operation.pop("from", None)
        if operation["op"] in ("remove", "move", "copy") and operation.get("value") is None:
            operation.pop("value", None)
    try:
        patched = _applied(draft.definition, operations)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as error:
        reason = str(error)[:200]
        raise ApiError(
            422,
            "invalid_patch",
            f"JSON Patch tidak dapat diterapkan: {reason}",
            f"The JSON Patch does not apply: {reason}",
        ) from None
    return _saved(_replace(request, draft, body.version, patched), [], language(request))


@router.get(
    "/drafts/{draft_id}/lint",
    response={200: LintOut, 401: Error, 404: Error},
    summary="Lint a draft as `sopan check` does",
)
def lint_draft(request: HttpRequest, draft_id: uuid.UUID) -> dict[str, Any]:
    checked = check_draft(_draft(request, draft_id))
    lang = language(request)
    return {"loads": checked.sop is not None, "findings": [_finding(p, lang) for p in checked.problems]}


@router.get(
    "/drafts/{draft_id}/compare",
    response={200: Comparison, 401: Error, 404: Error, 422: Error},
    summary="The draft compared with its SOP's published version (the one it revises, else the newest)",
)
def compare_draft_api(request: HttpRequest, draft_id: uuid.UUID) -> Comparison:
    draft = _draft(request, draft_id)
    published = published_for(draft)
    if published is None:
        raise ApiError(
            404,
            "not_published",
            "SOP ini belum pernah diterbitkan: tidak ada versi terbit untuk dibandingkan.",
            "This SOP has never been published: there is no published version to compare with.",
        )
    comparison = compare_draft(draft, published)
    if comparison is None:
        raise _does_not_load(check_draft(draft).problems if not draft.pending_text else _pending(draft))
    return comparison


@router.get(
    "/drafts/{draft_id}/render.{fmt}",
    response={200: None, 401: Error, 404: Error, 422: Error},
    summary="The draft's official flowchart (svg: its first page) or document (pdf)",
)
def render_draft(request: HttpRequest, draft_id: uuid.UUID, fmt: Literal["svg", "pdf"]) -> HttpResponse:
    draft = _draft(request, draft_id)
    checked = check_draft(draft)
    if checked.sop is None:
        raise _does_not_load(checked.problems)
    if fmt == "svg":
        pages = checked.flowchart()
        if not pages:
            raise ApiError(422, "no_pages", "Bagan alir konsep ini kosong.", "The draft's flowchart has no pages.")
        return HttpResponse(pages[0], content_type="image/svg+xml")
    from sopan.render.pdf import sop_pdf

    return HttpResponse(sop_pdf(checked.sop, organisation_model(draft.organisation)), content_type="application/pdf")
