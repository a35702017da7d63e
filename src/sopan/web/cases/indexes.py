"""An index made only on a database that keeps the columns it carries (``include``): PostgreSQL, not SQLite.

``task_case_figures`` exists so that PostgreSQL reads a case's tasks' figures from the index alone. SQLite cannot
carry columns in an index: there it would be an index of the case alone, which the unique (case, number) already
is, and every new task would still write a page of it. So on a database without covering indexes, making and
dropping it are a comment.
"""

from __future__ import annotations

from typing import Any

from django.db import models

__all__ = ["CoveringIndex"]


class CoveringIndex(models.Index):
    """An ``Index`` that is made only where ``include`` is kept (``supports_covering_indexes``)."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if not _kept(schema_editor):
            return self._not_made()
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model: Any, schema_editor: Any, **kwargs: Any) -> Any:
        if not _kept(schema_editor):
            return self._not_made()
        return super().remove_sql(model, schema_editor, **kwargs)

    def _not_made(self) -> str:
        return f"-- {self.name}: a covering index, not made where columns cannot be included"


def _kept(schema_editor: Any) -> bool:
    return bool(schema_editor.connection.features.supports_covering_indexes)
