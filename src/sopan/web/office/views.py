"""The administration's index, users and audit screens under /pengelola/<org>/, and the own-password screen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sopan.web.accounts.models import Administrator, RoleAssignment, Staff
from sopan.web.office.audit import action_label, entries, shown_value
from sopan.web.office.common import administered_or_404, refuse, secret_page
from sopan.web.office.forms import PasswordForm, UserForm, user_form_errors
from sopan.web.office.refusal import Refused
from sopan.web.office.roles import add_administrator, assignments, internal_roles, remove_administrator, vacant_roles
from sopan.web.office.staff import (
    create_user,
    members,
    reset_password,
    set_active,
    set_own_password,
    staff_of,
    update_user,
    user_of,
)
from sopan.web.ui.language import text

__all__ = ["audit_page", "index", "password_change", "user_action", "user_add", "user_list", "user_page"]

PAGE = 25


@login_required
def index(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    return render(
        request,
        "office/index.html",
        {
            "organisation": office,
            "vacant": list(vacant_roles(office)),
            "users": members(office).count(),
            "administrators": Administrator.objects.filter(organisation=office).select_related("user"),
        },
    )


@login_required
def user_list(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    query = request.GET.get("q", "").strip()[:100]
    found = members(office).select_related("staff").order_by("-is_active", "username")
    if query:
        found = found.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(staff__nip__icontains=query)
        )
    page = Paginator(found, PAGE).get_page(request.GET.get("halaman"))
    admins = set(Administrator.objects.filter(organisation=office).values_list("user_id", flat=True))
    return render(request, "office/users.html", {"organisation": office, "page": page, "q": query, "admins": admins})


@login_required
def user_add(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    form = UserForm(request.POST or None)
    form.fields["username"].required = True  # adding names the user; editing does not change the name
    if request.method == "POST" and form.is_valid():
        try:
            user, password = create_user(request.user, office, form.fields_value())
        except Refused as refusal:
            refuse(request, refusal)
        else:
            back = reverse("office-user", args=[office.code, user.pk])
            return secret_page(request, office, ("Pengguna ditambahkan", "User added"), user.username, password, back)
    errors = user_form_errors(form, getattr(request, "lang", "id"))
    context = {"organisation": office, "form": form, "adding": True, "errors": errors}
    return render(request, "office/user_form.html", context)


@login_required
def user_page(request: HttpRequest, organisation: str, user_id: int) -> HttpResponse:
    office = administered_or_404(request, organisation)
    user = user_of(office, user_id)
    if user is None:
        raise Http404("user")
    staff = staff_of(user)
    initial = {"nama": user.first_name, "nip": staff.nip, "email": user.email, "telepon": staff.phone}
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_user(request.user, office, user, form.fields_value())
        except Refused as refusal:
            refuse(request, refusal)
        else:
            messages.success(request, text(request, "Perubahan disimpan.", "Changes saved."))
            return redirect("office-user", office.code, user.pk)
    return render(
        request,
        "office/user_form.html",
        {
            "organisation": office,
            "form": form,
            "errors": user_form_errors(form, getattr(request, "lang", "id")),
            "subject": user,
            "staff": staff,
            "is_admin": Administrator.objects.filter(organisation=office, user=user).exists(),
            "assignments": assignments(office).filter(user=user),
            "roles": internal_roles(office),
            "kinds": RoleAssignment.Kind.choices,
        },
    )


@login_required
@require_POST
def user_action(request: HttpRequest, organisation: str, user_id: int) -> HttpResponse:
    """Deactivate, reactivate, reset the password, make or unmake an administrator."""
    office = administered_or_404(request, organisation)
    user = user_of(office, user_id)
    if user is None:
        raise Http404("user")
    action = request.POST.get("aksi", "")
    try:
        if action == "nonaktifkan":
            set_active(request.user, office, user, False)
        elif action == "aktifkan":
            set_active(request.user, office, user, True)
        elif action == "sandi":
            password = reset_password(request.user, office, user)
            back = reverse("office-user", args=[office.code, user.pk])
            return secret_page(request, office, ("Kata sandi diatur ulang", "Password reset"), user.username,
                               password, back)  # fmt: skip
        elif action == "jadikan-pengelola":
            add_administrator(request.user, office, user)
        elif action == "cabut-pengelola":
            remove_administrator(request.user, office, user)
        else:
            raise Refused("unknown_action", "Tindakan tidak dikenal.", "Unknown action.")
    except Refused as refusal:
        refuse(request, refusal)
    else:
        messages.success(request, text(request, "Perubahan disimpan.", "Changes saved."))
    return redirect("office-user", office.code, user.pk)


@login_required
def audit_page(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    page = Paginator(entries(office), 50).get_page(request.GET.get("halaman"))
    lang = getattr(request, "lang", "id")
    rows = [
        {
            "entry": entry,
            "action": action_label(entry.action, lang),
            "before": [(key, shown_value(value, lang)) for key, value in (entry.before or {}).items()],
            "after": [(key, shown_value(value, lang)) for key, value in (entry.after or {}).items()],
        }
        for entry in page
    ]
    return render(request, "office/audit.html", {"organisation": office, "page": page, "rows": rows})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """The user's own password; required first when it was given by an administrator."""
    form = PasswordForm(request.POST or None)
    must = Staff.objects.filter(user=request.user, must_change_password=True).exists()
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["lama"]):
            messages.error(request, text(request, "Kata sandi lama salah.", "The old password is wrong."))
        else:
            try:
                set_own_password(request.user, form.cleaned_data["baru"], form.cleaned_data["ulang"])
            except Refused as refusal:
                refuse(request, refusal)
            else:
                update_session_auth_hash(request, request.user)  # stay signed in here; other sessions end
                messages.success(request, text(request, "Kata sandi diganti.", "Password changed."))
                return redirect("inbox")
    return render(request, "office/password.html", {"form": form, "must": must})
