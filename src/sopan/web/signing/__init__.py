"""Approval and electronic signature (TTE) of published SOP versions, and their public verification at /v/<code>."""
