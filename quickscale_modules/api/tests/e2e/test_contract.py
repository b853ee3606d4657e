"""Property-based contract tests generated from the schema (schemathesis), against gunicorn and PostgreSQL.

For every operation, 100 generated valid requests and 50 generated invalid ones, with the API key: no 5xx,
invalid input rejected, and every response (status code, content type, headers, body) one the schema
documents. The schema is generated here, at collection, and must be the one the server serves.
Generation is derandomized: every run sends the same requests, so CI is reproducible; changing EXAMPLES or
the schema draws new ones.
"""

from __future__ import annotations

import json
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


# Invalid requests only where there is an input to get wrong (GET /me has none).
CASES = [
    pytest.param(path, method.upper(), mode, id=f"{method.upper()} {path} {mode.value}")
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or has_inputs(operation)
]


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
        assume(len(case.formatted_path) + len(urlencode(case.query or {}, doseq=True)) < MAX_TARGET)
        sent.append(case)
        case.call_and_validate(base_url=served_api.url, headers=served_api.headers, timeout=60)

    check()
    # An operation without inputs (GET /me) has one possible request; every other gets the full count.
    assert len(sent) >= (EXAMPLES[mode] if has_inputs(SCHEMA["paths"][path][method.lower()]) else 1)
