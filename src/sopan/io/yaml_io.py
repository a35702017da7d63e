"""Reading and writing ``.sop.yaml`` and ``organisasi.yaml``: round-trip (comments and key order kept)
and every problem of a broken file reported at once with its line."""

from __future__ import annotations

import datetime
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import Organisation, Sop
from ..problems import Message, Problem, Severity
from .guard import MAX_FILE_BYTES, screen_text, screen_tree
from .logo import MAX_LOGO_BYTES
from .messages import validation_message

__all__ = [
    "ORGANISATION_FILE",
    "SOP_SUFFIX",
    "LoadResult",
    "SopFileError",
    "dump_over",
    "dump_yaml",
    "load_organisation",
    "load_sop",
    "locate",
    "read_organisation",
    "read_sop",
    "read_sop_text",
    "save_organisation",
    "save_sop",
    "sop_id_from_path",
]

SOP_SUFFIX = ".sop.yaml"
ORGANISATION_FILE = "organisasi.yaml"

M = TypeVar("M", bound=BaseModel)


class SopFileError(Exception):
    """A file that cannot be loaded; ``problems`` lists every reason with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format("en") for p in problems))


@dataclass
class LoadResult(Generic[M]):
    """What reading a file gave: the model (None if invalid), the problems, and the YAML tree."""

    path: Path | None
    model: M | None
    problems: list[Problem] = field(default_factory=list)
    tree: Any = None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def sop_id_from_path(path: Path) -> str:
    name = path.name
    return name[: -len(SOP_SUFFIX)] if name.endswith(SOP_SUFFIX) else path.stem


class _Constructor(SafeConstructor):
    """The safe constructor, except that a timestamp no calendar holds (``0000-00-00``) stays text.

    The model's date fields then report it with its key; the default would raise a bare ValueError.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Refused(Exception):
    """A text or tree refused by :mod:`sopan.io.guard`, with its place."""

    def __init__(self, message: Message, line: int | None, column: int | None) -> None:
        self.message, self.line, self.column = message, line, column
        super().__init__(message.en)


def _loader(pure: bool) -> YAML:
    loader = YAML(typ="safe", pure=pure)
    loader.Constructor = _Constructor
    return loader


def _compose(text: str) -> tuple[Node | None, Any]:
    """The node tree (for line numbers) and the plain data of a YAML text.

    The text and then the tree are screened first (size, control characters, nesting, aliases): see
    :mod:`sopan.io.guard`. libyaml (ruamel.yaml.clib) reads ten times faster than the pure-Python parser, but
    refuses some valid YAML 1.2 such as ``{pertanyaan: Lengkap?}``; the pure parser then decides.
    """
    refusal = screen_text(text)
    if refusal is not None:
        raise _Refused(refusal.message, refusal.line, refusal.column)
    try:
        loader = _loader(pure=False)
        tree = loader.compose(text)
    except MarkedYAMLError:
        loader = _loader(pure=True)
        tree = loader.compose(text)
    if tree is None:
        return None, None
    refused = screen_tree(tree)
    if refused is not None:
        message, node = refused
        raise _Refused(message, node.start_mark.line + 1, node.start_mark.column + 1)
    return tree, loader.constructor.construct_document(tree)


def locate(tree: Node | None, loc: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest node of ``loc`` that exists in the file's composed tree."""
    if tree is None:
        return None, None
    return _locate_node(tree, loc)


def _locate_node(node: Node, loc: tuple[str | int, ...]) -> tuple[int, int]:
    mark = node.start_mark
    line, column = mark.line + 1, mark.column + 1
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
            if pair is None:
                break
            line, column = pair[0].start_mark.line + 1, pair[0].start_mark.column + 1
            node = pair[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        else:
            break
    return line, column


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's union-branch and validator labels so the path is the file's key path."""
    kept: list[str | int] = []
    for part in loc:
        if isinstance(part, int) or (
            isinstance(part, str)
            and not any(ch in part for ch in "[]()")
            and part
            not in (
                "str",
                "int",
                "RequirementGroup",
                "function-after",
                "function-before",
            )
        ):
            kept.append(part)
    return tuple(kept)


def _syntax_problem(path: Path | None, message: Message, line: int | None = None, column: int | None = None) -> Problem:
    return Problem(code="F001", severity=Severity.ERROR, message=message, file=path, line=line, column=column)


def _read(path: Path | None, text: str, model: type[M]) -> LoadResult[M]:
    result: LoadResult[M] = LoadResult(path=path, model=None)
    try:
        tree, data = _compose(text)
    except _Refused as refused:
        result.problems.append(_syntax_problem(path, refused.message, refused.line, refused.column))
        return result
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "syntax error"
        message = Message(f"YAML tidak sah: {problem}", f"invalid YAML: {problem}")
        result.problems.append(_syntax_problem(path, message, *((mark.line + 1, mark.column + 1) if mark else ())))
        return result
    except (YAMLError, RecursionError, ValueError, OverflowError) as error:
        reason = str(error)[:120]
        message = Message(f"YAML tidak sah: {reason}", f"invalid YAML: {reason}")
        result.problems.append(_syntax_problem(path, message))
        return result
    result.tree = tree
    if not isinstance(data, dict):
        result.problems.append(
            Problem(
                code="F002",
                severity=Severity.ERROR,
                message=Message(
                    "berkas harus berupa pemetaan kunci: nilai di tingkat teratas",
                    "the file must be a key: value mapping at the top level",
                ),
                file=path,
                line=1,
            )
        )
        return result
    try:
        result.model = model.model_validate(data)
    except ValidationError as error:
        for entry in error.errors():
            loc = _clean_loc(entry["loc"])
            line, column = locate(tree, loc)
            result.problems.append(
                Problem(
                    code="F003",
                    severity=Severity.ERROR,
                    message=validation_message(entry),
                    file=path,
                    line=line,
                    column=column,
                    path=loc,
                )
            )
    return result


class _Unreadable(Exception):
    """A file that is not read, with the bilingual reason."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.en)


def _read_text(path: Path) -> str:
    """The text of a regular file of at most MAX_FILE_BYTES; a device, pipe or folder is never read."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; a symlink is followed to its target
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _Unreadable(Message(f"berkas tidak dapat dibaca: {error}", f"file cannot be read: {error}")) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _Unreadable(
                Message("bukan berkas biasa (perangkat, pipa, folder)", "not a regular file (device, pipe, folder)")
            )
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(
            Message(f"berkas lebih dari {MAX_FILE_BYTES} bita", f"file larger than {MAX_FILE_BYTES} bytes")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Unreadable(Message(f"bukan teks UTF-8: {error}", f"not UTF-8 text: {error}")) from None


def _read_file(path: Path, model: type[M]) -> LoadResult[M]:
    try:
        text = _read_text(path)
    except _Unreadable as error:
        return LoadResult(path=path, model=None, problems=[Problem("F000", Severity.ERROR, error.message, file=path)])
    return _read(path, text, model)


def read_sop(path: Path | str) -> LoadResult[Sop]:
    """Read one SOP file; problems instead of exceptions."""
    path = Path(path)
    result = _read_file(path, Sop)
    if result.model is not None:
        result.model.id = sop_id_from_path(path)
    return result


def read_sop_text(text: str, sop_id: str | None = None) -> LoadResult[Sop]:
    result = _read(None, text, Sop)
    if result.model is not None:
        result.model.id = sop_id
    return result


def load_sop(path: Path | str) -> Sop:
    """Load one SOP file or raise :class:`SopFileError` with every problem."""
    result = read_sop(path)
    if result.model is None:
        raise SopFileError(result.problems)
    return result.model


def read_organisation(path: Path | str) -> LoadResult[Organisation]:
    """Read an organisation file; its logo must be a regular file inside the folder (after symlinks)."""
    path = Path(path)
    result = _read_file(path, Organisation)
    if result.model is not None and result.model.logo:
        reason = _logo_refusal(path.parent, result.model.logo)
        if reason is not None:
            line, column = locate(result.tree, ("logo",))
            result.problems.append(Problem("F003", Severity.ERROR, reason, path, line, column, ("logo",)))
            result.model = None
    return result


def _logo_refusal(folder: Path, logo: str) -> Message | None:
    folder = folder.resolve()
    target = (folder / logo).resolve()
    if not target.is_relative_to(folder):
        return Message(
            f"logo harus berada di dalam folder organisasi: {logo}",
            f"the logo must be inside the organisation folder: {logo}",
        )
    if target.exists() and (not target.is_file() or target.stat().st_size > MAX_LOGO_BYTES):
        return Message(
            f"logo harus berkas gambar biasa paling besar {MAX_LOGO_BYTES} bita: {logo}",
            f"the logo must be a regular image file of at most {MAX_LOGO_BYTES} bytes: {logo}",
        )
    return None


def load_organisation(path: Path | str) -> Organisation:
    result = read_organisation(path)
    if result.model is None:
        raise SopFileError(result.problems)
    return result.model


# ----- writing -------------------------------------------------------------------------------------------


def dump_yaml(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _merge(old: Any, new: Any) -> Any:
    """Write ``new`` into the existing YAML tree so that comments and key order survive."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        order = list(new)
        for position, key in enumerate(order):
            if key in old:
                old[key] = _merge(old[key], new[key])
            else:
                # insert after the nearest preceding key that already exists
                anchor = next((order[i] for i in range(position - 1, -1, -1) if order[i] in old), None)
                index = list(old).index(anchor) + 1 if anchor is not None else 0
                old.insert(index, key, new[key])
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for index, value in enumerate(new):
            if index < len(old):
                old[index] = _merge(old[index], value)
            else:
                old.append(value)
        del old[len(new) :]
        return old
    if isinstance(old, str) and isinstance(new, str) and str(old) == new:
        return old  # keep the original quoting style
    if isinstance(old, (datetime.date, datetime.datetime)) and isinstance(new, str) and old.isoformat() == new:
        return old  # a date kept as ISO text in JSON is the same date: it stays unquoted
    if type(old) is not type(new) and not isinstance(old, bool) and isinstance(old, int) and old == new:
        return old  # a ScalarInt (hexadecimal, underscores) keeps its form
    return new


def dump_over(source: str | None, data: dict[str, Any]) -> str:
    """``data`` as YAML text laid over the ``source`` text: its comments, quoting and key order are kept.

    A source that is hostile or not YAML only lends nothing: ``data`` is written whole."""
    tree = None
    try:
        tree = _yaml().load(source) if source and screen_text(source) is None else None
    except (YAMLError, RecursionError, ValueError):
        tree = None
    return dump_yaml(_merge(tree, data)) if isinstance(tree, CommentedMap) else dump_yaml(data)


def _save(path: Path, data: dict[str, Any]) -> None:
    try:  # the old file only lends its comments and key order; a hostile or unreadable one is replaced whole
        old = _read_text(path) if path.exists() else ""
    except _Unreadable:
        old = ""
    text = dump_over(old, data)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # the old file stays whole until the new one is complete
    finally:
        tmp.unlink(missing_ok=True)


def save_sop(sop: Sop, path: Path | str) -> None:
    """Write an SOP; an existing file keeps its comments and key order."""
    path = Path(path)
    _save(path, sop.to_file_data())


def save_organisation(organisation: Organisation, path: Path | str) -> None:
    _save(Path(path), organisation.to_file_data())
