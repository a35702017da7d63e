"""JSON Schema of the SOP and organisation files, for editors (VS Code YAML) and for validation."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..model import Organisation, Sop

__all__ = ["organisation_schema", "schema_json", "sop_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema, "title": title, "description": description}


def sop_schema() -> dict[str, Any]:
    schema = _schema(Sop, "SOP AP (sopan .sop.yaml)", "Standar Operasional Prosedur Administrasi Pemerintahan")
    schema["properties"].pop("id", None)  # the file name, not a key of the file
    return schema


def organisation_schema() -> dict[str, Any]:
    return _schema(Organisation, "Organisasi (sopan organisasi.yaml)", "Instansi/unit kerja penerbit SOP")


def schema_json(organisation: bool = False) -> str:
    schema = organisation_schema() if organisation else sop_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
