"""Migrations of the throttle counters."""
