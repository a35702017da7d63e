"""A template rendered to PDF with WeasyPrint, answered inline under a given file name."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

__all__ = ["pdf_response"]


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], name: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
