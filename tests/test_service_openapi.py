"""The committed OpenAPI document matches the app, and schema fuzzing finds no 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from provguard.service.openapi import render, spec
from tests.conftest import REPO
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain)
from tests.test_service_harness import Running


def test_committed_openapi_has_no_drift() -> None:
    committed = (REPO / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert json.loads(committed) == spec(), (
        "docs/openapi.json is stale: python -m provguard.service.openapi > docs/openapi.json"
    )
    assert committed == render()


def test_openai_routes_document_their_errors() -> None:
    paths = spec()["paths"]
    for route in ("/v1/images/generations", "/v1/images/edits"):
        assert {"400", "401", "403", "413", "429", "503"} <= set(paths[route]["post"]["responses"])
    assert "multipart/form-data" in paths["/v1/images/edits"]["post"]["requestBody"]["content"]


@pytest.fixture(scope="module")
def fuzz_target(service: Running) -> Iterator[tuple[str, dict[str, str]]]:
    yield service.url, {"authorization": f"Bearer {service.key('fuzz', 'admin')}"}


# The schema is the app's own document, built at import: no lazy fixture (schemathesis' lazy loading
# reaches into pytest internals that pytest 9 removed).
schema = schemathesis.openapi.from_dict(spec())


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_fuzz_no_server_errors(case: schemathesis.Case, fuzz_target: tuple[str, dict[str, str]]) -> None:
    base_url, headers = fuzz_target
    response = case.call(base_url=base_url, headers=headers, timeout=30)
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
