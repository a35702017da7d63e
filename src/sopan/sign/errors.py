"""A signing or verification failure with a stable code and a bilingual message (never the passphrase)."""

from __future__ import annotations

from sopan.problems import Message

__all__ = ["SigningError"]


class SigningError(Exception):
    """What went wrong while signing, for the person signing: ``code`` is stable, ``message`` bilingual."""

    def __init__(self, code: str, id_text: str, en_text: str) -> None:
        super().__init__(f"{code}: {en_text}")
        self.code = code
        self.message = Message(id_text, en_text)

    def text(self, lang: str = "id") -> str:
        return self.message.text(lang)


def wrong_passphrase() -> SigningError:
    return SigningError(
        "TTE-PASSPHRASE", "Passphrase salah: dokumen tidak ditandatangani.", "Wrong passphrase: nothing was signed."
    )


def unknown_nik() -> SigningError:
    return SigningError(
        "TTE-NIK",
        "NIK penanda tangan tidak terdaftar pada layanan tanda tangan elektronik.",
        "The signer's NIK is not registered with the electronic signature service.",
    )


def service_failed(detail_id: str = "", detail_en: str = "") -> SigningError:
    return SigningError(
        "TTE-LAYANAN",
        f"Layanan tanda tangan elektronik gagal{': ' + detail_id if detail_id else ''}. Coba lagi nanti.",
        f"The electronic signature service failed{': ' + detail_en if detail_en else ''}. Try again later.",
    )


def bad_certificate() -> SigningError:
    return SigningError(
        "TTE-SERTIFIKAT",
        "Berkas sertifikat penanda tangan (PKCS#12) tidak dapat dibaca.",
        "The signer's certificate file (PKCS#12) cannot be read.",
    )
