"""Why an administrative change is refused, in Bahasa Indonesia and English."""

from __future__ import annotations

from sopan.i18n import t

__all__ = ["Refused"]


class Refused(Exception):
    """A change that is not made (nothing of it is saved); ``field`` names the input at fault, if one."""

    def __init__(self, code: str, message_id: str, message_en: str, field: str | None = None) -> None:
        self.code = code
        self.message_id = message_id
        self.message_en = message_en
        self.field = field
        super().__init__(f"{code}: {message_en}")

    def text(self, lang: str = "id") -> str:
        return t(self.message_id, self.message_en, lang)
