"""Monitoring: the SOP measured by its own cases (event-log export, performance figures)."""
