"""Property-based contract tests generated from the schema (schemathesis), against gunicorn and PostgreSQL.

For every operation, 100 generated valid requests and 50 generated invalid ones, with the API key: no 5xx,
invalid input rejected, and every response (status code, content type, headers, body) one the schema
documents. Every other valid request has its path parameters replaced by the ids of the served user's own
objects (their key, team, membership, notification: served.MAKE_KEY), so that generated queries and bodies
reach real objects, not only 404s. The schema is generated here, at collection, and must be the one the server serves.
Generation is derandomized: every run sends the same requests, so CI is reproducible; changing EXAMPLES or
the schema draws new ones.
"""

from __future__ import annotations

import json
import math
from urllib.parse import urlencode

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, assume, given, settings
from schemathesis import GenerationMode

from testsupport.projects import fetch

pytestmark = pytest.mark.slow

SCHEMA = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
EXAMPLES = {GenerationMode.POSITIVE: 100, GenerationMode.NEGATIVE: 50}
# gunicorn answers a longer request line itself (limit_request_line, 4094 bytes), before the API sees it.
MAX_TARGET = 4000


def has_inputs(operation: dict) -> bool:
    return bool(operation.get("parameters") or operation.get("requestBody"))


def expected_requests(operation: dict, mode: GenerationMode) -> int:
    """How many requests a run sends: one without inputs (GET /me), every possible one when the only inputs are
    optional enum parameters (GET /billing/plans?interval=), else the full count."""
    if not has_inputs(operation):
        return 1
    parameters = operation.get("parameters", [])
    enums = [parameter["schema"].get("enum") for parameter in parameters if not parameter.get("required")]
    only_enums = len(enums) == len(parameters) and all(enums) and not operation.get("requestBody")
    if mode is GenerationMode.POSITIVE and only_enums:
        return min(EXAMPLES[mode], math.prod(len(values) + 1 for values in enums))
    return EXAMPLES[mode]


# Invalid requests only where there is an input to get wrong (GET /me has none).
CASES = [
    pytest.param(path, method.upper(), mode, id=f"{method.upper()} {path} {mode.value}")
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or has_inputs(operation)
]


def real_path_parameters(path: str, objects: dict) -> dict[str, str]:
    """The served user's own object for each parameter of `path`."""
    by_name = {"prefix": objects["prefix"], "team": objects["team"]}
    by_name["slug"] = objects["post"] if path.startswith("/api/v1/blog/") else objects["team"]
    by_name["id"] = {"/api/v1/notifications/": objects["notification"], "/api/v1/forms/": objects["submission"]}.get(
        "/".join(path.split("/")[:4]) + "/", objects["membership"]
    )
    return {name: str(by_name[name]) for name in by_name if "{" + name + "}" in path}


def test_the_real_objects_are_found(served_api):
    for path in (
        "/api/v1/keys/{prefix}",
        "/api/v1/teams/{slug}",
        "/api/v1/notifications/{id}",
        "/api/v1/blog/posts/{slug}",
    ):
        target = path.format(**real_path_parameters(path, served_api.objects))
        assert fetch(f"{served_api.url}{target}", headers=served_api.headers).status == 200, target
    memberships = fetch(
        f"{served_api.url}/api/v1/teams/{served_api.objects['team']}/memberships", headers=served_api.headers
    )
    assert json.loads(memberships.body)["count"] == 2
    subscription = json.loads(fetch(f"{served_api.url}/api/v1/billing/subscription", headers=served_api.headers).body)
    assert subscription["status"] == "active" and subscription["entitlements"]["projects"] == 10
    submission = real_path_parameters("/api/v1/forms/submissions/{id}", served_api.objects)["id"]
    assert fetch(f"{served_api.url}/api/v1/forms/submissions/{submission}", headers=served_api.headers).status == 403


def test_the_server_serves_this_schema(served_api):
    response = fetch(f"{served_api.url}/api/v1/schema/?format=json")
    assert response.status == 200 and json.loads(response.body) == SCHEMA


@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_every_response_matches_the_schema(served_api, path, method, mode):
    operation = schemathesis.openapi.from_dict(SCHEMA)[path][method]
    sent = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def check(case):
        if mode is GenerationMode.POSITIVE and case.path_parameters and len(sent) % 2 == 0:
            case.path_parameters = {**case.path_parameters, **real_path_parameters(path, served_api.objects)}
        assume(len(case.formatted_path) + len(urlencode(case.query or {}, doseq=True)) < MAX_TARGET)
        sent.append(case)
        case.call_and_validate(base_url=served_api.url, headers=served_api.headers, timeout=60)

    check()
    assert len(sent) >= expected_requests(SCHEMA["paths"][path][method.lower()], mode)
