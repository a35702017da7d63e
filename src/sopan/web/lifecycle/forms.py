"""The revocation and review-SOP forms, with the same coded bilingual errors as the loket's forms."""

from __future__ import annotations

from django import forms

from sopan.web import limits
from sopan.web.cases.forms import BilingualForm

__all__ = ["DECREE", "ReviewSopForm", "RevokeForm"]

DECREE = 200  # the number of a decree, e.g. "188.4/123/KPTS/2026"


class RevokeForm(BilingualForm):
    alasan = forms.CharField(max_length=limits.TEXT)
    nomor_keputusan = forms.CharField(max_length=DECREE)
    versi = forms.IntegerField(min_value=1, help_text="The version the administrator saw in force")

    LABELS = {
        "alasan": ("Alasan pencabutan", "Reason for revocation"),
        "nomor_keputusan": ("Nomor keputusan pencabutan", "Number of the revoking decree"),
        "versi": ("Versi", "Version"),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, label in self.LABELS.items():
            self.fields[name].bilingual_label = label  # type: ignore[attr-defined]


class ReviewSopForm(BilingualForm):
    """``sop``: "<organisation>/<key>" of a catalog SOP, or empty for the built-in review SOP."""

    sop = forms.CharField(max_length=limits.CODE + 1 + limits.SOP_KEY, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sop"].bilingual_label = ("SOP telaah", "Review SOP")  # type: ignore[attr-defined]
