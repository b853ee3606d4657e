"""The OpenAPI 3 schema: valid, free of drf-spectacular warnings, every response documented, errors included."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from apiflows import error_of
from django.core.management import call_command
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(json.loads(json.dumps(schema, default=str)))


def test_the_spectacular_command_writes_it_with_no_warning(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target), "--validate", "--fail-on-warn")
    written = yaml.safe_load(target.read_text())
    assert {"/api/v1/me", "/api/v1/keys", "/api/v1/keys/{prefix}", "/api/v1/notes"} <= written["paths"].keys()
    assert {"/api/v1/teams/{slug}", "/api/v1/billing/subscription", "/api/v1/notifications"} <= written["paths"].keys()
    assert {"/api/v1/payments/transactions", "/api/v1/payments/transactions/{reference}"} <= written["paths"].keys()


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        # A public operation (anyone may call it: its security allows no credentials) answers neither 401 nor 403.
        public = {} in operation.get("security", [])
        expected = {"429"} if public else {"401", "403", "429"}
        if method == "post":
            expected.add("400")
        if "{" in path or operation["operationId"].endswith("_list"):
            expected.add("404")  # no such object, or a page past the last
        assert expected <= responses.keys(), (method, path)
        for status in expected:
            assert responses[status]["content"]["application/json"]["schema"] == ERROR_REF
            assert responses[status]["description"]
        assert "Retry-After" in responses["429"]["headers"]
        assert any(status.startswith("2") for status in responses), (method, path)


def test_every_list_is_paginated(schema):
    # The plans on sale are the pricing page's few cards, answered whole (the React pricing page reads them so).
    lists = [
        op
        for path, method, op in operations(schema)
        if op["operationId"].endswith("_list") and path != "/api/v1/billing/plans"
    ]
    assert lists
    for operation in lists:
        assert {"page", "page_size"} <= {parameter["name"] for parameter in operation["parameters"]}
        assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].startswith(
            "#/components/schemas/Paginated"
        )


def test_api_keys_are_a_documented_security_scheme(schema):
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'The header "Authorization: Api-Key <key>", with a key made on the API keys page.',
    }
    assert all({"ApiKey": []} in op["security"] for _, _, op in operations(schema))


@pytest.mark.parametrize("debug", [False, True])
def test_the_schema_is_served_whatever_debug_is(client, db, debug):
    with override_settings(DEBUG=debug):
        as_yaml = client.get("/api/v1/schema/")
        as_json = client.get("/api/v1/schema/?format=json")
    assert as_yaml.status_code == as_json.status_code == 200
    assert yaml.safe_load(as_yaml.content)["paths"].keys() == json.loads(as_json.content)["paths"].keys()


def test_the_docs_page_uses_local_files_and_no_inline_code(client, db):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", html)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]
    script = client.get(next(source for source in sources if "script" in source))
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


@override_settings(QUICKSCALE_API_ANON_RATE="1/min")
def test_a_throttled_docs_page_is_a_json_429(client, db):
    client.get("/api/v1/docs/")
    response = client.get("/api/v1/docs/")
    assert response.status_code == 429 and error_of(response)["code"] == "throttled"
