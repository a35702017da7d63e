"""The definition an editor works on: the plain data of a ``.sop.yaml`` (Indonesian keys, JSON values)."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import ValidationError

from ..io.messages import validation_message
from ..io.yaml_io import _clean_loc, read_sop_text
from ..model import Sop
from ..problems import Message, Problem, Severity
from .refusal import Refusal

__all__ = ["Definition", "definition_from_text", "plain", "problems_of", "sop_of", "step_numbers", "validated"]

Definition = dict[str, Any]


def plain(value: Any) -> Any:
    """JSON-compatible data: YAML dates become ISO text, mappings and sequences plain dicts and lists."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def definition_from_text(text: str, sop_id: str | None = None) -> tuple[Definition | None, list[Problem]]:
    """The definition of a file's text, or None and the loader's problems (with their lines)."""
    result = read_sop_text(text, sop_id)
    if result.model is None:
        return None, result.problems
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(text)
    return plain(data), []


def problems_of(definition: Definition) -> list[Problem]:
    """What the loader says of a definition (F003 with the key path), empty when it loads."""
    try:
        Sop.model_validate(definition)
    except ValidationError as error:
        return [
            Problem("F003", Severity.ERROR, validation_message(entry), path=_clean_loc(entry["loc"]))
            for entry in error.errors()
        ]
    return []


def sop_of(definition: Definition, sop_id: str | None = None) -> Sop:
    """The model of a definition that loads (raises pydantic's ValidationError otherwise)."""
    sop = Sop.model_validate(definition)
    sop.id = sop_id
    return sop


def validated(definition: Definition) -> Definition | Refusal:
    """The definition when it loads; else a refusal with the loader's first message and its place."""
    problems = problems_of(definition)
    if not problems:
        return definition
    first = problems[0]
    where = first.key_path()
    return Refusal(
        "U006",
        Message(
            f"hasil perubahan tidak dapat dimuat: {where}: {first.message.id}",
            f"the result would not load: {where}: {first.message.en}",
        ),
    )


def step_numbers(definition: Definition) -> list[int]:
    """Each step's number: its ``nomor``, else its position (as the loader numbers them)."""
    numbers = []
    for position, step in enumerate(definition.get("langkah") or [], start=1):
        number = step.get("nomor") if isinstance(step, dict) else None
        numbers.append(number if isinstance(number, int) else position)
    return numbers
