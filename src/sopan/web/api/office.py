"""The office's users and role assignments over JSON (for an HR system or an SSO to keep them in sync), and
``GET /api/me``. Only an organisation's administrators get an answer about it; anyone else gets 404. Refused
changes are 422 with the rule's code and nothing saved."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sopan.web.accounts.models import Administrator, RoleAssignment
from sopan.web.api.errors import ApiError, not_found
from sopan.web.api.personal_data import administered_or_404
from sopan.web.api.schemas import Error
from sopan.web.catalog.models import Role
from sopan.web.office.refusal import Refused
from sopan.web.office.roles import assign_role, assignments, end_assignment
from sopan.web.office.staff import UserFields, create_user, members, set_active, staff_of, update_user, user_of

__all__ = ["router"]

router = Router(tags=["office administration"])


class AssignmentOut(Schema):
    id: int
    organisation: str
    user: str
    role: str
    kind: str = Field(description="definitif, plt or plh")
    valid_from: dt.date | None
    valid_until: dt.date | None
    ended_at: dt.datetime | None
    holding: bool = Field(description="Whether it gives the role today")


class UserOut(Schema):
    id: int
    username: str
    name: str
    nip: str
    email: str
    phone: str
    active: bool


class UserIn(Schema):
    username: str = Field("", max_length=150, description="Only when adding")
    name: str = Field(max_length=150)
    nip: str = Field("", max_length=40, description="18 digits, or empty")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)


class NewUserOut(UserOut):
    one_time_password: str = Field(description="Shown once; the user must change it at the first login")


class AssignmentIn(Schema):
    user_id: int
    role: str = Field(max_length=150, description="The role's code in this organisation")
    kind: str = Field("definitif", max_length=10)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class MeOut(Schema):
    username: str
    name: str
    roles: list[AssignmentOut] = Field(description="The roles held today")
    administers: list[str] = Field(description="Codes of the organisations this user administers")


def _assignment(assignment: RoleAssignment) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.pk,
        organisation=assignment.role.organisation.code,
        user=assignment.user.username,
        role=assignment.role.code,
        kind=assignment.kind,
        valid_from=assignment.valid_from,
        valid_until=assignment.valid_until,
        ended_at=assignment.ended_at,
        holding=assignment.current,
    )


def _user(user: User) -> dict:
    staff = staff_of(user)
    return {"id": user.pk, "username": user.username, "name": user.first_name, "nip": staff.nip,
            "email": user.email, "phone": staff.phone, "active": user.is_active}  # fmt: skip


def _refused(refusal: Refused) -> ApiError:
    return ApiError(422, refusal.code, refusal.message_id, refusal.message_en)


@router.get("/me", response={200: MeOut, 401: Error}, summary="Who am I: my roles held today and my organisations")
def me(request: HttpRequest) -> MeOut:
    user = request.auth
    held = [a for a in user.role_assignments.select_related("role__organisation", "user") if a.current]
    codes = Administrator.objects.filter(user=user).values_list("organisation__code", flat=True)
    return MeOut(
        username=user.username, name=user.first_name, roles=[_assignment(a) for a in held], administers=sorted(codes)
    )


@router.get("/organisations/{code}/users", response={200: list[UserOut], 401: Error, 404: Error})
def list_users(request: HttpRequest, code: str) -> list[dict]:
    office = administered_or_404(request, code)
    return [_user(user) for user in members(office).select_related("staff").order_by("username")]


@router.post("/organisations/{code}/users", response={201: NewUserOut, 401: Error, 403: Error, 404: Error, 422: Error})
def add_user(request: HttpRequest, code: str, body: UserIn) -> Status:
    office = administered_or_404(request, code)
    try:
        user, password = create_user(request.auth, office, UserFields(**body.dict()))
    except Refused as refusal:
        raise _refused(refusal) from refusal
    return Status(201, {**_user(user), "one_time_password": password})


def _member(office, user_id: int) -> User:
    user = user_of(office, user_id)
    if user is None:
        raise not_found("Pengguna", "User")
    return user


@router.put(
    "/organisations/{code}/users/{user_id}", response={200: UserOut, 401: Error, 403: Error, 404: Error, 422: Error}
)
def edit_user(request: HttpRequest, code: str, user_id: int, body: UserIn) -> dict:
    office = administered_or_404(request, code)
    user = _member(office, user_id)
    try:
        update_user(request.auth, office, user, UserFields(**body.dict()))
    except Refused as refusal:
        raise _refused(refusal) from refusal
    return _user(user)


CHANGE = {401: Error, 403: Error, 404: Error, 422: Error}


@router.post(
    "/organisations/{code}/users/{user_id}/{state}",
    response={200: UserOut, **CHANGE},
    summary="Deactivate (sessions and tokens stop at once) or reactivate a user: state is deactivate or activate",
)
def activate_user(request: HttpRequest, code: str, user_id: int, state: str) -> dict:
    office = administered_or_404(request, code)
    user = _member(office, user_id)
    if state not in ("activate", "deactivate"):
        raise not_found("Tindakan", "Action")
    try:
        set_active(request.auth, office, user, state == "activate")
    except Refused as refusal:
        raise _refused(refusal) from refusal
    return _user(user)


@router.get("/organisations/{code}/assignments", response={200: list[AssignmentOut], 401: Error, 404: Error},
            summary="Every role assignment of the organisation, the ended ones included (its history)")  # fmt: skip
def list_assignments(request: HttpRequest, code: str) -> list[AssignmentOut]:
    office = administered_or_404(request, code)
    return [_assignment(a) for a in assignments(office).select_related("role__organisation")]


@router.post(
    "/organisations/{code}/assignments", response={201: AssignmentOut, 401: Error, 403: Error, 404: Error, 422: Error}
)
def add_assignment(request: HttpRequest, code: str, body: AssignmentIn) -> Status:
    office = administered_or_404(request, code)
    user = _member(office, body.user_id)
    role = Role.objects.filter(organisation=office, code=body.role).first()
    try:
        if role is None:
            raise Refused("role_unknown", f"Peran '{body.role}' tidak ada di {office.name}.",
                          f"No role '{body.role}' in {office.name}.")  # fmt: skip
        made = assign_role(request.auth, office, user, role, body.kind, body.valid_from, body.valid_until)
    except Refused as refusal:
        raise _refused(refusal) from refusal
    return Status(201, _assignment(made))


@router.post(
    "/organisations/{code}/assignments/{assignment_id}/end",
    response={200: AssignmentOut, **CHANGE},
    summary="End an assignment now; it stays in the history",
)
def end(request: HttpRequest, code: str, assignment_id: int) -> AssignmentOut:
    office = administered_or_404(request, code)
    found = assignments(office).select_related("role__organisation").filter(pk=assignment_id).first()
    if found is None:
        raise not_found("Penugasan", "Assignment")
    end_assignment(request.auth, office, found)
    return _assignment(found)
