"""Property-based fuzzing of every operation of the app's OpenAPI schema with Schemathesis (file uploads
included): each response is checked and the failures counted by kind.

A failure is a 5xx (except the documented 503 of generative mode without a language model), an error
that is not problem+json with ``type``, ``title``, ``status`` and ``detail`` (on the LibreTranslate
routes at the root path: not LibreTranslate's ``{"error": ...}``), a response slower than
:data:`SLOW_SECONDS`, or an exception in the app. Used by tests/service/test_fuzz_api.py (a few
examples per operation) and evals/bench_fuzz.py (many).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

SLOW_SECONDS = 5.0
PROBLEM_FIELDS = {"type", "title", "status", "detail"}
LIBRETRANSLATE_PATHS = {"/translate", "/detect", "/translate_file", "/download_file/{filename}", "/languages",
                        "/frontend/settings", "/health"}


@dataclass
class FuzzReport:
    """What a fuzzing run sent and found."""

    operations: list[str] = field(default_factory=list)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # failure kind -> one example
    slowest: tuple[float, str] = (0.0, "")
    per_operation: Counter = field(default_factory=Counter)

    def record(self, operation: str, outcome: str, status: int, seconds: float, problems: list[str]) -> None:
        where = f"{operation} -> {outcome}"
        self.requests += 1
        self.statuses[status] += 1
        self.per_operation[operation] += 1
        if seconds > self.slowest[0]:
            self.slowest = (seconds, where)
        for kind in problems:
            self.failures[kind] += 1
            self.examples.setdefault(kind, where)


def response_problems(path: str, status: int, content_type: str, body: object, text: str,
                      seconds: float) -> list[str]:
    """The failure kinds of one response to an operation on ``path`` (empty when it is fine)."""
    problems = []
    if status >= 500 and not (status == 503 and "model-unavailable" in text):
        problems.append(f"server error {status}")
    if status >= 400 and path in LIBRETRANSLATE_PATHS:
        if not isinstance(body, dict) or set(body) != {"error"}:
            problems.append("error not in LibreTranslate's shape")
    elif status >= 400 and (not content_type.startswith("application/problem+json")
                            or not isinstance(body, dict) or not PROBLEM_FIELDS <= set(body)):
        problems.append("error not problem+json")
    if seconds > SLOW_SECONDS:
        problems.append(f"slower than {SLOW_SECONDS:.0f} s")
    return problems


def operations_of(app) -> list:
    """Every operation of the app's OpenAPI schema."""
    import schemathesis

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(app, examples: int, seed: int = 16, headers: dict[str, str] | None = None) -> FuzzReport:
    """Send ``examples`` generated cases to every operation of ``app`` (with ``headers``, e.g. an admin key,
    so admin operations are fuzzed past their access check); return the report."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fix_seed

    report = FuzzReport()
    for operation in operations_of(app):
        name = f"{operation.method.upper()} {operation.path}"
        report.operations.append(name)

        @fix_seed(seed)
        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:
            started = time.perf_counter()
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # the app raised through the transport
                report.record(name, type(exc).__name__, 0, time.perf_counter() - started, ["exception"])
                return
            seconds = time.perf_counter() - started
            content_type = response.headers.get("content-type") or [""]
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            try:
                body = response.json()
            except ValueError:
                body = None
            problems = response_problems(operation.path, response.status_code, content_type, body, response.text,
                                         seconds)
            report.record(name, str(response.status_code), response.status_code, seconds, problems)

        run()
    return report
