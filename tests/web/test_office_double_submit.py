"""A form of the administration sent twice at once (a double click on a slow line) makes one user or one
assignment, and the other request is refused as a duplicate: never a server error, never a second password."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connections

from sopan.web.accounts.models import RoleAssignment
from sopan.web.catalog.models import Role
from sopan.web.office import staff
from sopan.web.office.refusal import Refused
from sopan.web.office.roles import assign_role
from sopan.web.office.staff import UserFields, create_user
from tests.web.factories import Office, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # each thread its own connection, committing for real


def at_once(times: int, action: Callable[[], Any]) -> list[Any]:
    """``action`` run by ``times`` threads started together; each result, or the exception it raised."""
    start = threading.Barrier(times)
    results: list[Any] = []

    def run() -> None:
        start.wait()
        try:
            results.append(action())
        except Exception as error:  # the outcome under test
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def slowed(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` after a fifth of a second: the time between a check and its write, made certain, so that
    requests sent at once meet there unless the check and the write hold a lock together."""

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.2)
        return function(*args, **kwargs)

    return slow


def test_a_user_added_twice_at_once_is_made_once(
    office: Office, pengelola: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # between the user name's check and the insert: the NIP's check
    monkeypatch.setattr(staff, "_nip_free", slowed(staff._nip_free))
    fields = UserFields(name="Rina", username="rina")
    results = at_once(3, lambda: create_user(pengelola, office.organisation, fields))
    made = [result for result in results if isinstance(result, tuple)]
    refused = [result for result in results if isinstance(result, Refused)]
    assert len(made) == 1 and len(refused) == 2, results
    assert {error.code for error in refused} == {"username_taken"}
    _, password = made[0]
    assert User.objects.filter(username="rina").count() == 1
    assert User.objects.get(username="rina").check_password(password)  # the one password shown is the one kept


def test_a_role_given_twice_at_once_is_given_once(
    office: Office, pengelola: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RoleAssignment.objects, "create", slowed(RoleAssignment.objects.create))
    holder = make_user("rudi", office.organisation)
    kasi = Role.objects.get(organisation=office.organisation, code="kasi")
    results = at_once(3, lambda: assign_role(pengelola, office.organisation, holder, kasi))
    assert sum(isinstance(result, RoleAssignment) for result in results) == 1, results
    assert [error.code for error in results if isinstance(error, Refused)] == ["role_overlap", "role_overlap"]
    assert RoleAssignment.objects.filter(user=holder, role=kasi, ended_at__isnull=True).count() == 1
