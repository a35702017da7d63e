"""A counter per limited key and window; the key is a digest, so no address or user name is stored."""

from __future__ import annotations

from django.db import models

__all__ = ["Counter"]


class Counter(models.Model):
    key = models.CharField(max_length=64, primary_key=True)  # SHA-256 of the limit's name and its subject
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)  # the end of the current window

    class Meta:
        verbose_name = "penghitung / counter"
