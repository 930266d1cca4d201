"""The API client against the real API, and the UI's pure helpers (export, eval results, `palermo ui`)."""

from __future__ import annotations

import json

import pytest

from cli.ui_cmd import streamlit_command, wait_until_ready
from corpora.errors import ConfigurationError
from corpora.settings import load_settings
from tests.ui.conftest import free_port
from ui.client import PalermoClient, ServiceError, ServiceUnavailable, _parse_sse
from ui.context import human_bytes
from ui.eval_view import ResultsError, compare_runs, find_runs, load_run, parse_results, question_rows
from ui.export import answer_markdown


@pytest.mark.enable_socket
def test_client_maps_problem_json_to_readable_errors(ui_api):
    client = PalermoClient(ui_api.url)
    with pytest.raises(ServiceError) as missing:
        client.article("UNTOC", "999")
    assert (missing.value.status, missing.value.title) == (404, "Not found") and "999" in missing.value.detail
    with pytest.raises(ServiceError) as invalid:
        client.ask("x" * 2001)
    assert invalid.value.status == 422 and "2000 characters" in invalid.value.detail
    with pytest.raises(ServiceError) as unknown:
        client.ask("extradition", filters={"instruments": ["Treaty of Nowhere"]})
    assert unknown.value.status == 404


@pytest.mark.enable_socket
def test_client_streams_events_in_order(ui_api):
    events = list(PalermoClient(ui_api.url).ask_stream("UNTOC 18(15)"))
    names = [e.event for e in events]
    assert names[0] == "sentence" and names[-2:] == ["citations", "done"]
    assert events[-1].data["citations"][0]["label"] == "UNTOC art. 18(15)"


@pytest.mark.enable_socket
def test_unreachable_service_is_one_clear_error():
    client = PalermoClient(f"http://127.0.0.1:{free_port()}")
    assert client.is_up() is False
    with pytest.raises(ServiceUnavailable, match="not reachable"):
        client.instruments()
    with pytest.raises(ServiceUnavailable):
        list(client.ask_stream("extradition"))
    with pytest.raises(ConfigurationError, match="not ready"):
        wait_until_ready(client.base_url, 0.3)


def test_server_sent_events_parse():
    lines = ["event: sentence", 'data: {"text": "a"}', "", "event: done", 'data: {"answer":', 'data: "b"}', ""]
    events = list(_parse_sse(iter(lines)))
    assert [(e.event, e.data) for e in events] == [("sentence", {"text": "a"}), ("done", {"answer": "b"})]


def test_markdown_export_carries_markers_and_quotes():
    payload = {"sentences": [{"text": "No refusal for bank secrecy.", "citation_ids": ["c1"]}],
               "checklist": [{"text": "State the offence.", "citation_ids": ["c2"]}], "abstained": False,
               "citations": [{"id": "c1", "label": "UNTOC art. 18(8)", "article_heading": "Mutual legal assistance",
                              "language": "en", "quote": "States Parties shall not decline…", "role": "primary"},
                             {"id": "c2", "label": "UNTOC art. 18(15)", "article_heading": None, "language": "en",
                              "quote": "A request shall contain…", "role": "see_also"}]}
    text = answer_markdown("Bank secrecy?", payload)
    assert text.startswith("# Bank secrecy?") and "No refusal for bank secrecy. [1]" in text
    assert "- State the offence. [2]" in text and "> States Parties shall not decline…" in text
    assert "## See also" in text and "[2] **UNTOC art. 18(15)**" in text
    abstained = answer_markdown("E-mail?", {"abstained": True, "abstention_reason": "not in the sources",
                                            "sentences": [], "citations": []})
    assert "The sources do not address this" in abstained and "not in the sources" in abstained


def test_eval_results_files(eval_runs, tmp_path):
    runs = find_runs(eval_runs)
    assert len(runs) == 4
    before = load_run(eval_runs / "dev-retrieval-bm25" / "results.json", eval_runs)
    after = load_run(eval_runs / "dev-retrieval-hybrid" / "results.json", eval_runs)
    assert before.name == "dev-retrieval-bm25" and before.mode == "retrieval" and before.plots == []
    diff = compare_runs(before, after)
    assert diff["improved"] == 1 and diff["overall"]["recall@5"] == pytest.approx(0.5)
    assert question_rows(after)[0]["top hit"] == "UNTOC art. 18(8)"
    with pytest.raises(ResultsError, match="not JSON"):
        parse_results(b"{oops", "x.json")
    with pytest.raises(ResultsError, match="not a palermo results file"):
        parse_results(json.dumps({"questions": []}), "x.json")


def test_palermo_ui_runs_streamlit_headless_and_offline():
    command = streamlit_command(load_settings(ui_port=8765, max_upload_bytes=3 * 1024 * 1024 + 1))
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("ui/app.py")
    for flag in ("--server.headless=true", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
                 "--server.port=8765", "--server.maxUploadSize=4", "--client.showErrorDetails=none"):
        assert flag in command
    assert (human_bytes(10 * 1024 * 1024), human_bytes(1536), human_bytes(10)) == ("10 MB", "1.5 KB", "10 bytes")
