"""Rows that may be written once and never changed: published SOP versions and events."""

from __future__ import annotations

from typing import Any

from django.db import models

__all__ = ["ImmutableError", "ImmutableModel"]


class ImmutableError(RuntimeError):
    pass


class ImmutableModel(models.Model):
    """Refuses updates and deletes through the ORM (bulk queryset updates are not used for these tables)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(f"{type(self).__name__} rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError(f"{type(self).__name__} rows are immutable")
