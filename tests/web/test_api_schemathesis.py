"""Every API operation fuzzed by schemathesis against a live server with a real token: no 500, every status and
body inside the OpenAPI document. Bounded examples keep it short; select it with ``pytest -m schemathesis``."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sopan.web.accounts.models import ApiToken
from sopan.web.api_site import api
from tests.web.factories import Office, make_office, open_case

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db(transaction=True)]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


@pytest.fixture
def served(live_server, fast_users) -> tuple[str, str]:
    """The live server's address and a read-write token of the loket officer, with two cases in the office."""
    office: Office = make_office()
    open_case(office)
    open_case(office)
    _, raw = ApiToken.issue(office.loket, "schemathesis")
    return live_server.url, raw


# the document the server publishes at /api/openapi.json, read once at collection (one test per operation)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_inside_its_schema(case, served) -> None:
    base_url, token = served
    case.call_and_validate(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
