"""How much one field may hold: the one list both the screens' forms and the API's schemas check."""

from __future__ import annotations

__all__ = [
    "ADDRESS",
    "CODE",
    "COMMAND_KEY",
    "DRAFT_FIELD",
    "ITEMS",
    "ITEM_KEY",
    "MINUTES_SOPS",
    "NAME",
    "NATURE",
    "NIK",
    "OUTPUT_NAME",
    "PHONE",
    "SEARCH",
    "SOP_KEY",
    "TEXT",
    "UPLOAD_BYTES",
    "UPLOAD_MB",
]

NAME = 200  # the applicant's name
NIK = 32  # a NIK has 16 digits; room for spaces typed in between
PHONE = 50
ADDRESS = 500
TEXT = 2000  # a trigger, a reason, a note, an output's value
ITEM_KEY = 20  # a kelengkapan item's key, e.g. '3.1'
ITEMS = 200  # kelengkapan items ticked or waived in one request
MINUTES_SOPS = 50  # drafts in one Berita Acara (300 took 17 s to keep and printed 14 pages): more go in the next one
OUTPUT_NAME = 300
COMMAND_KEY = 100  # an idempotency key
CODE = 100  # an organisation's code
SOP_KEY = 200  # an SOP's key
SEARCH = 200  # words searched for in the catalog
NATURE = 20  # pelayanan, penugasan or rutin
DRAFT_FIELD = 20000  # one field of an SOP draft in the editor (a kelengkapan list, the dasar hukum)
UPLOAD_MB = 10
UPLOAD_BYTES = UPLOAD_MB * 1024 * 1024  # an output's file
