"""Schemathesis fuzzes every operation of the real app's OpenAPI schema (small real index, file uploads
included): no input may cause a 5xx (but the documented 503 of generative mode without an LLM), every
error is problem+json (response times are measured by the bench, not asserted here). Examples per operation: PALERMO_FUZZ_EXAMPLES
(default 25); `python -m evals.bench_fuzz` runs many more against the whole index."""

from __future__ import annotations

import os

import pytest

from evals.fuzzing import fuzz
from service.app import create_app
from service.state import ServiceState

EXAMPLES = int(os.environ.get("PALERMO_FUZZ_EXAMPLES", "25"))
UPLOADS = {"POST /v1/translate/file", "POST /v1/translate/packages"}
ADMIN_KEY = "fuzz-admin"  # sent with every case, so package uploads are fuzzed past the admin check


@pytest.fixture(scope="module")
def fuzzed_app(small_index):
    settings = small_index["settings"].model_copy(update={"admin_api_keys": [ADMIN_KEY]})
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    app = create_app(settings, small_index["registry"], state)
    app.state.palermo = state  # what the lifespan would set; schemathesis calls the ASGI app directly
    return app


def test_no_input_causes_a_server_error(fuzzed_app):
    report = fuzz(fuzzed_app, EXAMPLES, headers={"X-API-Key": ADMIN_KEY})
    print(f"schemathesis: {len(report.operations)} operations, {report.requests} requests, "
          f"by status {dict(sorted(report.statuses.items()))}, slowest {report.slowest[0]:.2f} s ({report.slowest[1]})")
    routes = {f"{method} {route.path}" for route in fuzzed_app.routes for method in getattr(route, "methods", ())
              if method != "HEAD" and route.path not in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect")}
    assert routes <= set(report.operations) and UPLOADS <= set(report.operations)  # every endpoint is fuzzed
    assert all(report.per_operation[operation] >= 1 for operation in report.operations)
    failures = {kind: count for kind, count in report.failures.items() if not kind.startswith("slower")}
    assert not failures, {kind: report.examples[kind] for kind in failures}  # latency is the bench's target, not a test's
