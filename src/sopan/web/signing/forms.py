"""The signing and the upload forms: the passphrase is a password field, never shown back."""

from __future__ import annotations

from django import forms

__all__ = ["PASSPHRASE_MAX", "SetupForm", "SignForm", "UploadForm"]

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


class SetupForm(forms.Form):
    """What the office's administrator sets: which role approves (empty: by the jabatan), the remote service,
    the trusted roots. A PKCS#12 file on the server is set by its operator (``sopan`` admin), not here."""

    peran = forms.IntegerField(required=False, min_value=1)
    jenis = forms.ChoiceField(choices=[("local", "local"), ("remote", "remote")])
    layanan = forms.URLField(required=False, max_length=500, assume_scheme="https")
    akar = forms.CharField(required=False, max_length=50_000, widget=forms.Textarea)

    def clean_akar(self) -> str:
        text: str = self.cleaned_data["akar"].strip()
        if text and "-----BEGIN CERTIFICATE-----" not in text:
            raise forms.ValidationError("pem", code="pem")
        return text
