"""Shared pydantic configuration: Indonesian file keys as aliases, English attribute names."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

__all__ = ["FileModel", "TextList", "as_list"]


class FileModel(BaseModel):
    """Base of every model that is read from and written to a sopan file."""

    model_config = ConfigDict(
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
    )

    def to_file_data(self) -> dict[str, Any]:
        """The plain data written to a file: Indonesian keys, defaults left out."""
        return self.model_dump(by_alias=True, exclude_defaults=True, mode="json")


def as_list(value: Any) -> Any:
    """Let a file give one item where a list is expected (``output: Disposisi``)."""
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    return value


TextList = Annotated[list[str], BeforeValidator(as_list)]
