"""The roles screen (/pengelola/<org>/peran/: holders, history, assigning and ending) and the API tokens screen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sopan.web.accounts.models import ApiToken, RoleAssignment
from sopan.web.catalog.models import Role
from sopan.web.office.common import administered_or_404, refuse, secret_page
from sopan.web.office.forms import AssignForm, TokenForm
from sopan.web.office.refusal import Refused
from sopan.web.office.roles import assign_role, assignments, end_assignment, internal_roles, vacant_roles
from sopan.web.office.staff import members, user_of
from sopan.web.office.tokens import issue_token, revoke_token, tokens_of
from sopan.web.ui.language import text

__all__ = ["assign", "end", "role_list", "token_list"]


def _back(request: HttpRequest, fallback: str) -> str:
    """Where a form came from (the user's page or the roles page), only if it is one of ours."""
    wanted = request.POST.get("kembali", "")
    return wanted if wanted.startswith("/pengelola/") and "//" not in wanted else fallback


@login_required
def role_list(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    rows = list(assignments(office))
    by_role = {role: [a for a in rows if a.role_id == role.pk] for role in internal_roles(office)}
    return render(
        request,
        "office/roles.html",
        {
            "organisation": office,
            "by_role": list(by_role.items()),
            "roles": list(by_role),
            "vacant": set(vacant_roles(office).values_list("pk", flat=True)),
            "users": members(office).filter(is_active=True).order_by("username"),
            "kinds": RoleAssignment.Kind.choices,
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    back = _back(request, reverse("office-roles", args=[office.code]))
    form = AssignForm(request.POST)
    if not form.is_valid():
        field = next(iter(form.errors))
        messages.error(request, text(request, f"Isian '{field}' tidak sah.", f"The field '{field}' is not valid."))
        return redirect(back)
    data = form.cleaned_data
    user = user_of(office, data["pengguna"])
    role = Role.objects.filter(pk=data["peran"]).first()
    try:
        if user is None:
            raise Refused("user_unknown", "Pengguna tidak ditemukan.", "User not found.", field="pengguna")
        if role is None:
            raise Refused("role_unknown", "Peran tidak ditemukan.", "Role not found.", field="peran")
        assign_role(request.user, office, user, role, data["jenis"], data["mulai"], data["sampai"])
    except Refused as refusal:
        refuse(request, refusal)
    else:
        messages.success(request, text(request, "Peran diberikan.", "Role assigned."))
    return redirect(back)


@login_required
@require_POST
def end(request: HttpRequest, organisation: str, assignment_id: int) -> HttpResponse:
    office = administered_or_404(request, organisation)
    found = RoleAssignment.objects.filter(pk=assignment_id, role__organisation=office).select_related("user", "role")
    assignment = found.first()
    if assignment is not None:
        end_assignment(request.user, office, assignment)
        messages.success(request, text(request, "Peran diakhiri (riwayat disimpan).", "Role ended (history kept)."))
    return redirect(_back(request, reverse("office-roles", args=[office.code])))


@login_required
def token_list(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    form = TokenForm(request.POST or None, initial={"pengguna": request.user.pk})
    if request.method == "POST" and request.POST.get("cabut"):
        token = ApiToken.objects.filter(pk=request.POST["cabut"], organisation=office).first()
        if token is not None:
            revoke_token(request.user, office, token)
            messages.success(request, text(request, "Token dicabut.", "Token revoked."))
        return redirect("office-tokens", office.code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_of(office, data["pengguna"]) or (request.user if data["pengguna"] == request.user.pk else None)
        try:
            if user is None:
                raise Refused("user_unknown", "Pengguna tidak ditemukan.", "User not found.", field="pengguna")
            token, raw = issue_token(request.user, office, user, data["nama"], data["cakupan"], data["hari"])
        except Refused as refusal:
            refuse(request, refusal)
        else:
            back = reverse("office-tokens", args=[office.code])
            return secret_page(request, office, ("Token API dibuat", "API token issued"), token.name, raw, back)
    elif request.method == "POST":
        messages.error(request, text(request, "Isian token tidak sah.", "The token's fields are not valid."))
    return render(
        request,
        "office/tokens.html",
        {
            "organisation": office,
            "tokens": tokens_of(office),
            "users": members(office).filter(is_active=True).order_by("username"),
            "now": timezone.now(),
        },
    )
