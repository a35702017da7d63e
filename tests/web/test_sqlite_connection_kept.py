"""A server thread keeps its SQLite connection from one request to the next (opening one cost 1.5 ms a request)."""

from __future__ import annotations

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def serve(handler: WSGIHandler, path: str) -> int:
    """One request as the WSGI server runs it, to its end (``close()`` fires ``request_finished``)."""
    environ: dict = {"PATH_INFO": path, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    statuses: list[str] = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


def test_the_connection_of_one_request_serves_the_next() -> None:
    assert connection.settings_dict["CONN_MAX_AGE"] == 60
    handler = WSGIHandler()
    assert serve(handler, "/") == 200
    first = connection.connection
    assert first is not None  # the request read the database and left its connection open
    assert serve(handler, "/") == 200
    assert connection.connection is first
