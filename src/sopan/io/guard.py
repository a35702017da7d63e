"""Limits checked on a file's raw text and composed tree before values are built: size, characters, nesting, aliases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ..problems import Message

__all__ = [
    "MAX_BRACKETS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "TextRefusal",
    "control_character",
    "control_in_value",
    "screen_text",
    "screen_tree",
    "strings_in_value",
]

MAX_FILE_BYTES = 1_000_000
"""The largest SOP or organisation file read (the library's largest is about 25 KB)."""

MAX_DEPTH = 40
"""The deepest nesting of lists and mappings (the library needs fewer than 10 levels)."""

MAX_BRACKETS = 2_000
"""The most ``[`` and ``{`` one file may hold, counted without regard to quotes: a bound on flow nesting that no
quoting can hide (the library's files hold at most a dozen). Deeper than that, libyaml's C parser can crash."""

MAX_NODES = 200_000
"""The most values (scalars, lists, mappings) one file may hold."""

# Control characters other than tab, line feed and carriage return; C1 controls except NEL; lone surrogates;
# the noncharacters U+FFFE/U+FFFF. YAML refuses them, and a NUL byte in a name breaks every consumer.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile(r"[\[\]{}\"'#\n]")
_TOKEN_START = frozenset(":-,[{?")


@dataclass(frozen=True)
class TextRefusal:
    """Why a text is refused before parsing, and where (1-based line, None for the whole file)."""

    message: Message
    line: int | None = None
    column: int | None = None


def _line_column(text: str, position: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


def _too_deep(text: str, position: int) -> TextRefusal:
    line, column = _line_column(text, position)
    return TextRefusal(
        Message(
            f"struktur bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
            f"nesting too deep (more than {MAX_DEPTH} levels)",
        ),
        line,
        column,
    )


def control_character(text: str) -> TextRefusal | None:
    """The first control character of ``text`` (tab, line feed and carriage return are allowed), with its place.

    PostgreSQL refuses a NUL in text and JSON alike, so anything saved is screened with this first."""
    control = _CONTROL.search(text)
    if control is None:
        return None
    line, column = _line_column(text, control.start())
    code = f"U+{ord(control.group()):04X}"
    return TextRefusal(
        Message(f"karakter kendali {code} tidak diizinkan", f"control character {code} is not allowed"), line, column
    )


def strings_in_value(value: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string of a JSON-like value with its key path: a mapping's keys (the path ending with the key) before
    its values."""
    pending: list[tuple[tuple[str | int, ...], object]] = [((), value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            yield path, item
        elif isinstance(item, dict):
            for key in item:
                yield (*path, str(key)), str(key)
            pending.extend(((*path, str(key)), child) for key, child in reversed(list(item.items())))
        elif isinstance(item, list | tuple):
            pending.extend(((*path, index), child) for index, child in reversed(list(enumerate(item))))


def control_in_value(value: object) -> tuple[tuple[str | int, ...], TextRefusal] | None:
    """The first control character in a JSON-like value's strings (keys too), with the key path to it."""
    for path, text in strings_in_value(value):
        found = control_character(text)
        if found is not None:
            return path, found
    return None


def screen_text(text: str) -> TextRefusal | None:
    """The first reason to refuse ``text`` before the YAML parser sees it, or None.

    The nesting estimate is cheap and errs on the deep side: block indentation levels plus compact ``- `` items,
    plus the deepest ``[``/``{`` flow nesting. Deep nesting crashes the YAML parser (RecursionError, or a
    segmentation fault in libyaml), so it must be refused here.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        return TextRefusal(
            Message(
                f"berkas terlalu besar ({size} bita; paling besar {MAX_FILE_BYTES})",
                f"file too large ({size} bytes; at most {MAX_FILE_BYTES})",
            )
        )
    control = control_character(text)
    if control is not None:
        return control
    deep = _block_depth(text) or _flow_depth(text)
    if deep is not None:
        return deep
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_BRACKETS:
        return TextRefusal(
            Message(
                f"terlalu banyak kurung [ dan {{ ({brackets}; paling banyak {MAX_BRACKETS})",
                f"too many [ and {{ brackets ({brackets}; at most {MAX_BRACKETS})",
            )
        )
    return None


def _block_depth(text: str) -> TextRefusal | None:
    stack: list[int] = []
    position = 0
    for raw in text.split("\n"):
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        if body and not body.startswith("#"):
            while stack and stack[-1] >= indent:
                stack.pop()
            stack.append(indent)
            marks = re.match(r"(?:[-?](?: +|$))*", body) if body[0] in "-?" else None
            compact = marks.end() if marks else 0
            if len(stack) + min(compact, len(body)) > MAX_DEPTH:
                return _too_deep(text, position + indent)
        position += len(raw) + 1
    return None


def _token_start(text: str, position: int) -> bool:
    """Whether a character at ``position`` begins a YAML token (not the inside of a plain scalar)."""
    before = position - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return before < 0 or text[before] == "\n" or text[before] in _TOKEN_START


def _flow_depth(text: str) -> TextRefusal | None:
    depth = 0
    quote = ""
    skip_to = -1
    for match in _SPECIAL.finditer(text):
        char, position = match.group(), match.start()
        if position < skip_to:
            continue
        if quote:
            if char == quote and (quote == "'" or _unescaped(text, position)):
                if quote == "'" and text.startswith("''", position):
                    skip_to = position + 2
                    continue
                quote = ""
            continue
        if char == "#" and (position == 0 or text[position - 1] in " \t\n"):
            end = text.find("\n", position)
            skip_to = len(text) if end < 0 else end
        elif char in "\"'" and (depth or _token_start(text, position)):
            quote = char
        elif char in "[{" and (depth or _token_start(text, position)):
            depth += 1
            if depth > MAX_DEPTH:
                return _too_deep(text, position)
        elif char in "]}" and depth:
            depth -= 1
    return None


def _unescaped(text: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 0


def screen_tree(tree: Node) -> tuple[Message, Node] | None:
    """Refuse aliases (``*name``: one value used twice, the stuff of alias bombs), too many values, or deep nesting.

    Returns the reason and the node nearest to the place (for its line), or None.
    """
    seen: set[int] = set()
    pending: list[tuple[Node, Node, int]] = [(tree, tree, 1)]
    while pending:
        node, place, depth = pending.pop()
        if id(node) in seen:
            return (
                Message(
                    "alias YAML (*nama) tidak diizinkan; tulis nilainya langsung",
                    "YAML aliases (*name) are not allowed; write the value out",
                ),
                place,
            )
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            message = Message(f"terlalu banyak nilai (lebih dari {MAX_NODES})", f"too many values (over {MAX_NODES})")
            return message, place
        if depth > MAX_DEPTH:
            return (
                Message(
                    f"struktur bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
                    f"nesting too deep (more than {MAX_DEPTH} levels)",
                ),
                place,
            )
        if isinstance(node, MappingNode):  # children pushed in reverse, so the file is walked in reading order
            for key, value in reversed(node.value):
                pending.append((value, key, depth + 1))
                pending.append((key, key, depth + 1))
        elif isinstance(node, SequenceNode):
            pending.extend((item, node, depth + 1) for item in reversed(node.value))
    return None
