"""Schemathesis fuzzes the OpenAPI schema of the real app (small real index): no input may cause a
5xx (but the documented 503 of generative mode without an LLM), and every error is problem+json (LibreTranslate's
{"error": ...} on its routes at the root path). Examples per operation: PALERMO_FUZZ_EXAMPLES (default 25;
the figure reported in the issue note comes from a run with 150, i.e. more than 1,000 requests)."""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from service.app import create_app
from service.state import ServiceState

EXAMPLES = int(os.environ.get("PALERMO_FUZZ_EXAMPLES", "25"))
STATUS_SEEN: Counter = Counter()
LIBRETRANSLATE_PATHS = {"/translate", "/detect", "/translate_file", "/download_file/{filename}", "/languages",
                        "/frontend/settings", "/health"}


@pytest.fixture(scope="module")
def fuzzed_app(small_index):
    state = ServiceState.around(small_index["settings"], small_index["registry"], small_index["store"], small_index["encoder"])
    app = create_app(small_index["settings"], small_index["registry"], state)
    app.state.palermo = state  # what the lifespan would set; schemathesis calls the ASGI app directly
    return app


def _operations(app) -> list:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_no_input_causes_a_server_error(fuzzed_app):
    operations = _operations(fuzzed_app)
    assert len(operations) >= 7
    for operation in operations:
        _fuzz(operation)
    total = sum(STATUS_SEEN.values())
    print(f"schemathesis: {len(operations)} operations, {total} requests, by status {dict(sorted(STATUS_SEEN.items()))}")
    assert total >= len(operations)


def _fuzz(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case) -> None:
        response = case.call()
        STATUS_SEEN[response.status_code] += 1
        where = f"{case.method} {case.formatted_path}"
        documented_503 = response.status_code == 503 and "model-unavailable" in response.text  # generative, no LLM
        assert response.status_code < 500 or documented_503, f"{where} -> {response.status_code}: {response.text[:300]}"
        if response.status_code >= 400 and case.operation.path in LIBRETRANSLATE_PATHS:
            assert set(response.json()) == {"error"}, f"{where}: {response.text[:200]}"  # LibreTranslate's error shape
        elif response.status_code >= 400:
            content_type = response.headers.get("content-type") or [""]
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            assert content_type.startswith("application/problem+json"), f"{where}: {response.text[:200]}"
            assert {"type", "title", "status", "detail"} <= set(response.json())

    run()
