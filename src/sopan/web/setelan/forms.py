"""The profile, logo and calendar forms: each field within its limits, the profile turned into the keys of
organisasi.yaml the office changes, and every error in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from sopan.i18n import t
from sopan.web import limits
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.profile import PROFILE_KEYS, same_value, values_in_force
from sopan.worktime.hours import DAY_NAMES, OfficeHours

__all__ = ["KINDS", "ZONES", "CalendarChangeForm", "CalendarRemoveForm", "LogoForm", "ProfileForm", "errors_of"]

KINDS = {"libur": "holiday", "jam": "hours", "buka": "open"}  # the form's words, as `sopan kalender` names them
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
FIELD_NAMES = {  # a field's label in both languages, for messages naming the place
    "nama": ("Nama", "Name"),
    "induk": ("Induk", "Parents"),
    "alamat": ("Alamat", "Address"),
    "zona_waktu": ("Zona waktu", "Time zone"),
    "jam_kerja": ("Jam kerja", "Office hours"),
    "kembalikan": ("Kembalikan", "Return"),
    "logo": ("Logo", "Logo"),
    "jenis": ("Jenis", "Kind"),
    "dari": ("Dari tanggal", "From"),
    "sampai": ("Sampai tanggal", "Until"),
    "jam": ("Jam", "Hours"),
} | {f"jam_{day}": (f"Jam kerja {day}", f"Office hours {day}") for day in DAY_NAMES}
MESSAGES = {
    "required": ("wajib diisi", "required"),
    "max_length": ("terlalu panjang", "too long"),
    "invalid": ("tidak sah; tanggal ditulis TTTT-BB-HH", "invalid; dates are written YYYY-MM-DD"),
    "invalid_choice": ("pilihan tidak dikenal", "unknown choice"),
    "invalid_image": ("bukan gambar", "not an image"),
    "empty": ("berkas kosong", "the file is empty"),
}


def errors_of(form: forms.Form, lang: str) -> list[str]:
    """Each error as 'Field: what is wrong', in the language asked for."""
    found = []
    for field, errors in form.errors.as_data().items():
        label = t(*FIELD_NAMES.get(field, (field, field)), lang)
        for error in errors:
            found.append(f"{label}: {t(*MESSAGES.get(error.code or '', (str(error.message),) * 2), lang)}")
    return found


class ProfileForm(forms.Form):
    """The profile keys of organisasi.yaml; ``changes()`` gives only those whose value the office changed."""

    nama = forms.CharField(max_length=300)
    induk = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    alamat = forms.CharField(max_length=limits.ADDRESS, required=False)
    zona_waktu = forms.CharField(max_length=50)
    kembalikan = forms.MultipleChoiceField(choices=[(key, key) for key in PROFILE_KEYS], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in DAY_NAMES:
            self.fields[f"jam_{day}"] = forms.CharField(max_length=100, required=False)

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        values = values_in_force(organisation)
        week = OfficeHours.from_days(values["jam_kerja"]).to_days()
        return {
            "nama": values["nama"],
            "induk": "\n".join(values["induk"]),
            "alamat": values["alamat"] or "",
            "zona_waktu": values["zona_waktu"],
        } | {f"jam_{day}": week.get(day, "") for day in DAY_NAMES}

    def values(self) -> dict[str, Any]:
        """The posted profile in organisasi.yaml's form; a day left empty is closed ('libur')."""
        data = self.cleaned_data
        days = {day: data[f"jam_{day}"].strip() for day in DAY_NAMES}
        week = {day: hours for day, hours in days.items() if hours} or dict.fromkeys(days, "libur")
        return {
            "nama": data["nama"].strip(),
            "induk": [line.strip() for line in data["induk"].splitlines() if line.strip()],
            "alamat": data["alamat"].strip() or None,
            "zona_waktu": data["zona_waktu"].strip(),
            "jam_kerja": week,
        }

    def changes(self, organisation: Organisation) -> dict[str, Any]:
        """The keys whose posted value differs from the one in force, leaving out those returned to the file."""
        current = values_in_force(organisation)
        reset = set(self.cleaned_data["kembalikan"])
        return {
            key: value
            for key, value in self.values().items()
            if key not in reset and not same_value(key, current.get(key), value)
        }


class LogoForm(forms.Form):
    logo = forms.FileField(allow_empty_file=False)


class CalendarChangeForm(forms.Form):
    """One change of `sopan kalender`: a local holiday, changed hours, or a national holiday kept open."""

    jenis = forms.ChoiceField(choices=[(word, word) for word in KINDS])
    dari = forms.DateField(input_formats=["%Y-%m-%d"])
    sampai = forms.DateField(input_formats=["%Y-%m-%d"], required=False)
    nama = forms.CharField(max_length=200, required=False)
    jam = forms.CharField(max_length=100, required=False)

    @property
    def kind(self) -> str:
        return KINDS[self.cleaned_data["jenis"]]


class CalendarRemoveForm(forms.Form):
    """Undo the office's changes on a date or a period."""

    dari = forms.DateField(input_formats=["%Y-%m-%d"])
    sampai = forms.DateField(input_formats=["%Y-%m-%d"], required=False)

    def period(self) -> tuple[dt.date, dt.date | None]:
        return self.cleaned_data["dari"], self.cleaned_data["sampai"]
