"""Plain progress lines for logs and CI."""

from __future__ import annotations

from cli.progress_lines import ProgressLines


def test_a_line_every_few_seconds_and_at_the_end():
    now = [0.0]
    lines = ProgressLines("ingest", total=4, every_s=5.0, clock=lambda: now[0])
    now[0] = 1.0
    assert lines.line(1, 10) is None  # too soon after the start
    now[0] = 6.0
    first = lines.line(2, 60, "UNTOC: updated")
    assert first == "ingest: 2/4 files, 60 chunks embedded (10.0/s), 0m06s elapsed, about 0m06s left [UNTOC: updated]"
    now[0] = 7.0
    assert lines.line(3, 70) is None
    now[0] = 8.0
    assert lines.line(4, 80).startswith("ingest: 4/4 files, 80 chunks embedded")  # the last item always prints
