"""The SOP catalog: every published SOP of every organisation, searchable, each with its official document.

SOPs are public documents, so the catalog needs no login.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from sopan.io.exporters.bpmn import to_bpmn
from sopan.io.exporters.mermaid import to_mermaid
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.model.places import place_in_words
from sopan.problems import Problem
from sopan.render import flowchart_svgs
from sopan.render.identity import build_identity, identity_html
from sopan.web import limits
from sopan.web.catalog.findings import findings_for
from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.catalog.page_cache import cached_until_publication
from sopan.web.catalog.profile import organisation_model
from sopan.web.catalog.runtime import process_for
from sopan.web.catalog.version_actions import actions_for
from sopan.web.catalog.version_states import REVOKED, revoked_sops, states_of
from sopan.web.catalog.versions import replacement, version_list
from sopan.web.ui.templatetags.sopan_tags import NATURE_LABELS

__all__ = ["catalog", "document_css", "download", "sop_detail"]

NATURES = [(value, id_text, en_text) for value, (id_text, en_text) in NATURE_LABELS.items()]


def _finding_rows(problems: list[Problem], lang: str) -> list[dict[str, str]]:
    """Lint findings as the page shows them: severity, message and place in the page's language, no key paths."""
    return [
        {
            "code": problem.code,
            "severity": problem.severity.label(lang),
            "message": problem.message.text(lang),
            "place": place_in_words(problem.path, lang) or "-",
        }
        for problem in problems
    ]


@cached_until_publication
def catalog(request: HttpRequest) -> HttpResponse:
    sops = Sop.objects.select_related("organisation").order_by("organisation__name", "title")
    query = request.GET.get("q", "").strip()[: limits.SEARCH]  # a search is cut to the API's limits, not refused
    organisation = request.GET.get("organisasi", "").strip()[: limits.CODE]
    nature = request.GET.get("sifat", "").strip()[: limits.NATURE]
    if query:
        for word in query.split():
            sops = sops.filter(Q(title__icontains=word) | Q(organisation__name__icontains=word))
    if organisation:
        sops = sops.filter(organisation__code=organisation)
    if nature:
        sops = sops.filter(nature=nature)
    context = {
        "sops": sops,
        "organisations": Organisation.objects.order_by("name"),
        "natures": NATURES,
        "query": query,
        "organisation": organisation,
        "nature": nature,
        "total": Sop.objects.count(),
        "revoked": revoked_sops(),
    }
    return render(request, "catalog/catalog.html", context)


def _version(organisation: str, key: str, number: int | None) -> SopVersion:
    sop = get_object_or_404(Sop.objects.select_related("organisation"), organisation__code=organisation, key=key)
    versions = sop.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404("version")
    return version


@cached_until_publication
def sop_detail(request: HttpRequest, organisation: str, key: str, number: int | None = None) -> HttpResponse:
    version = _version(organisation, key, number)
    process = process_for(version)
    identity = build_identity(process.sop, _organisation_model(version))
    versions = list(version_list(version.sop))
    states = states_of(v.pk for v in versions)
    replaced = replacement(version)
    context = {
        "version": version,
        "sop": version.sop,
        "model": process.sop,
        "versions": versions,
        "replacement": replaced,
        "revoked": replaced is not None and states.get(replaced.current.pk) == REVOKED,
        "state": states.get(version.pk, ""),
        "version_states": [(v, states.get(v.pk, "")) for v in versions],
        "actions": actions_for(request, version),
        "identity": mark_safe(identity_html(identity)),
        "pages": [mark_safe(svg) for svg in flowchart_svgs(process.sop)],
        "findings": _finding_rows(findings_for(version), request.lang)
        if request.user.is_staff or request.user.is_superuser
        else None,
    }
    return render(request, "catalog/sop.html", context)


def _organisation_model(version: SopVersion) -> OrganisationModel:
    """The organisation as its documents print it: its profile in force and the logo it uploaded."""
    return organisation_model(version.sop.organisation)


DOWNLOADS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "bpmn": "application/xml",
    "mmd": "text/plain; charset=utf-8",
    "svg": "image/svg+xml",
}


def download(request: HttpRequest, organisation: str, key: str, number: int, fmt: str) -> HttpResponse:
    """The official document (PDF, DOCX) or a model export (BPMN, Mermaid, SVG) of one version."""
    if fmt not in DOWNLOADS:
        raise Http404("format")
    version = _version(organisation, key, number)
    sop = process_for(version).sop
    if fmt == "pdf":
        from sopan.render.pdf import sop_pdf

        body: bytes | str = sop_pdf(sop, _organisation_model(version))
    elif fmt == "docx":
        from sopan.render.docx import sop_docx

        body = sop_docx(sop, _organisation_model(version))
    elif fmt == "bpmn":
        body = to_bpmn(sop)
    elif fmt == "mmd":
        body = to_mermaid(sop)
    else:
        body = flowchart_svgs(sop)[0]
    response = HttpResponse(body, content_type=DOWNLOADS[fmt])
    name = f"{version.sop.key}-v{version.number}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def document_css(request: HttpRequest) -> HttpResponse:
    """The renderer's stylesheet for the official document, served as it ships with sopan."""
    from importlib import resources

    css = resources.files("sopan.render").joinpath("templates/sopan.css").read_text(encoding="utf-8")
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
