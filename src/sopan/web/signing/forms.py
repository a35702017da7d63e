"""The signing and the upload forms: the passphrase is a password field, never shown back."""

from __future__ import annotations

from django import forms

__all__ = ["PASSPHRASE_MAX", "SignForm", "UploadForm"]

PASSPHRASE_MAX = 200


class SignForm(forms.Form):
    passphrase = forms.CharField(
        max_length=PASSPHRASE_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )
    nik = forms.RegexField(regex=r"^[0-9]{16}$", required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class UploadForm(forms.Form):
    berkas = forms.FileField()
