"""The administration screens' forms: plain field parsing; the rules (NIP, periods, duplicates) are in staff/roles."""

from __future__ import annotations

from django import forms

from sopan.web.accounts.models import ApiToken, RoleAssignment
from sopan.web.office.staff import NAME_MAX, PHONE_MAX, UserFields
from sopan.web.office.tokens import MAX_DAYS

__all__ = ["AssignForm", "PasswordForm", "TokenForm", "UserForm", "user_form_errors"]

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserForm(forms.Form):
    username = forms.CharField(max_length=150, required=False)
    nama = forms.CharField(max_length=NAME_MAX)
    nip = forms.CharField(max_length=40, required=False)
    email = forms.CharField(max_length=254, required=False)
    telepon = forms.CharField(max_length=PHONE_MAX, required=False)

    def fields_value(self) -> UserFields:
        data = self.cleaned_data
        return UserFields(
            name=data["nama"], nip=data["nip"], email=data["email"], phone=data["telepon"], username=data["username"]
        )


# the user form's fields as the screen labels them, and what each kind of error says of one
_USER_LABELS = {
    "username": ("Nama pengguna", "User name"),
    "nama": ("Nama", "Name"),
    "nip": ("NIP", "NIP"),
    "email": ("Surel", "E-mail"),
    "telepon": ("Telepon", "Phone"),
}
_ERRORS = {"required": ("wajib diisi", "is required"), "max_length": ("terlalu panjang", "is too long")}


def user_form_errors(form: UserForm, lang: str = "id") -> list[str]:
    """Each field's error as a line naming the field as the screen does (not its input's name)."""
    lines = []
    for name, errors in form.errors.as_data().items():
        label = _USER_LABELS.get(name, (name, name))
        for error in errors:
            message = _ERRORS.get(error.code or "", ("tidak sah", "is not valid"))
            lines.append(f"{label[1]} {message[1]}" if lang == "en" else f"{label[0]} {message[0]}")
    return lines


class AssignForm(forms.Form):
    pengguna = forms.IntegerField(min_value=1)
    peran = forms.IntegerField(min_value=1)
    jenis = forms.ChoiceField(choices=RoleAssignment.Kind.choices)
    mulai = forms.DateField(required=False, widget=DATE_INPUT)
    sampai = forms.DateField(required=False, widget=DATE_INPUT)


class TokenForm(forms.Form):
    nama = forms.CharField(max_length=100)
    pengguna = forms.IntegerField(min_value=1)
    cakupan = forms.ChoiceField(choices=ApiToken.Scope.choices)
    hari = forms.IntegerField(min_value=1, max_value=MAX_DAYS, initial=90)


class PasswordForm(forms.Form):
    lama = forms.CharField(max_length=200, widget=forms.PasswordInput)
    baru = forms.CharField(max_length=200, widget=forms.PasswordInput)
    ulang = forms.CharField(max_length=200, widget=forms.PasswordInput)
