"""Each page under streamlit's AppTest, its service calls answered by the real API on loopback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from corpora.settings import REPO_ROOT
from tests.ui.conftest import RunningApi, free_port

APP = str(REPO_ROOT / "ui" / "app.py")
pytestmark = pytest.mark.enable_socket


def open_app(monkeypatch, api_url: str, page: str | None = None, **env: str) -> AppTest:
    """The app for one browser session, settings from the environment like `palermo ui`."""
    monkeypatch.setenv("PALERMO_UI_API_URL", api_url)
    for name, value in env.items():
        monkeypatch.setenv(f"PALERMO_{name.upper()}", value)
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def run_path(root, name: str) -> str:
    return str(root / name / "results.json")


def markdown_text(app: AppTest) -> str:
    return "\n".join(element.value for element in app.markdown)


def test_ask_streams_a_cited_answer_and_opens_the_citation(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url)
    app.chat_input[0].set_value("Can bank secrecy justify refusing assistance?").run()
    assert not app.exception and not app.error
    chips = [b for b in app.button if "UNTOC art. 18(8)" in b.label]
    assert chips, [b.label for b in app.button]
    assert "bank secrecy" in markdown_text(app) and "[1]" in markdown_text(app)
    assert app.download_button[0].label == "Download as Markdown"
    chips[0].click().run()
    assert app.subheader[0].value == "UNTOC art. 18(8)"
    text = markdown_text(app)
    assert "English — Mutual legal assistance" in text and "Dutch — Wederzijdse rechtshulp" in text
    cited = [m.value for m in app.markdown if "<mark" in m.value]
    assert any("bank secrecy" in m for m in cited) and any("bankgeheim" in m for m in cited)
    app.button(key="ask_close_panel").click().run()
    assert not [m for m in app.markdown if "<mark" in m.value]


def test_follow_up_sends_the_history_and_abstention_is_clear(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url)
    app.chat_input[0].set_value("What must an extradition request under the European Convention contain?").run()
    app.chat_input[0].set_value("What is the e-mail address of the Dutch central authority for extradition?").run()
    assert len(app.session_state["ask_history"]) == 4
    assert app.warning and "The sources do not address this" in app.warning[0].value
    assert any(b.label.startswith("[") for b in app.button)  # the nearest provisions stay one click away


def test_empty_question_sends_nothing(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url)
    app.chat_input[0].set_value("   ").run()
    assert app.session_state["ask_history"] == [] and not app.error


def test_filters_restrict_the_sources(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url)
    app.multiselect(key="ask_filter_instruments").set_value(["BWBV0001010"]).run()
    app.chat_input[0].set_value("Which grounds allow refusing a request?").run()
    payload = app.session_state["ask_history"][-1]["payload"]
    assert payload["citations"] and {c["instrument_id"] for c in payload["citations"]} == {"BWBV0001010"}


def test_generative_mode_without_an_llm_is_a_readable_error(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url)
    app.radio(key="ask_mode").set_value("generative").run()
    app.chat_input[0].set_value("UNTOC 18(15)").run()
    assert not app.exception and len(app.error) == 1
    assert app.session_state["ask_history"][-1].get("error") and "Traceback" not in app.error[0].value


def test_service_down_then_back(monkeypatch, small_index):
    port = free_port()
    app = open_app(monkeypatch, f"http://127.0.0.1:{port}")
    assert "not reachable" in app.error[0].value and "works again" in app.error[0].value and not app.exception
    app.chat_input[0].set_value("UNTOC 18(15)").run()
    assert not app.exception and "not reachable" in app.session_state["ask_history"][-1]["content"]
    api = RunningApi(small_index, small_index["settings"], port=port).start()
    try:
        app.chat_input[0].set_value("UNTOC 18(15)").run()
        assert not app.exception and not [e for e in app.error if "works again" in e.value]  # banner gone
        assert app.session_state["ask_history"][-1]["payload"]["citations"][0]["label"] == "UNTOC art. 18(15)"
    finally:
        api.stop()


def test_translate_without_packages_says_how_to_install_one(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url, "views/translate.py")
    assert "palermo translate packages install FILE" in app.warning[0].value
    assert not app.button  # nothing to send


def test_translate_text_and_document(monkeypatch, translating_api):
    app = open_app(monkeypatch, translating_api.url, "views/translate.py", max_upload_bytes="2048")
    assert app.selectbox(key="tr_source").value == "auto" and app.selectbox(key="tr_target").value == "en"
    app.button(key="tr_go").click().run()
    assert "nothing was sent" in app.info[0].value and "tr_result" not in app.session_state
    app.text_area(key="tr_text").input("De aangezochte Staat verleent wederzijdse rechtshulp.").run()
    app.button(key="tr_go").click().run()
    assert not app.error, app.error
    assert app.text_area(key="tr_output").value == "The requested State grants mutual legal assistance."
    assert "Detected language: nl" in "\n".join(c.value for c in app.caption)
    assert app.dataframe, "the applied glossary entries are listed"
    assert "2 KB" in "\n".join(c.value for c in app.caption)
    app.file_uploader(key="tr_file").set_value(("big.txt", b"x" * 4096, "text/plain")).run()
    assert "too large" in app.error[0].value and "Nothing was sent" in app.error[0].value
    app.file_uploader(key="tr_file").set_value(("request.txt", "De rechtbank weigert het verzoek.".encode(),
                                                "text/plain")).run()
    app.button(key="tr_file_go").click().run()
    assert not app.error, app.error
    done = app.session_state["tr_file_result"]
    assert done.content.decode().strip() == "The court refuses the request." and done.source_language == "nl"


def test_sources_search_open_and_navigate(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url, "views/sources.py")
    app.text_input(key="src_q").input("Palermo").run()
    assert "1 instrument" in "\n".join(c.value for c in app.caption)
    assert app.selectbox(key="src_open").value == "BWBV0001668"
    assert app.subheader[0].value.startswith("UNTOC")
    first = app.selectbox(key="src_article_BWBV0001668").value
    app.button(key="src_next").click().run()
    assert app.selectbox(key="src_article_BWBV0001668").value == first + 1 and not app.error
    assert "English" in markdown_text(app) and "Dutch" in markdown_text(app)
    app.text_input(key="src_q").input("").run()
    app.selectbox(key="src_kind").set_value("report").run()
    assert app.selectbox(key="src_open").value == "CTOC-COP-2024-SECRETARIAT-IC"


def test_evaluate_run_drill_down_and_compare(monkeypatch, ui_api, eval_runs):
    app = open_app(monkeypatch, ui_api.url, "views/evaluate.py", eval_runs_dir=str(eval_runs))
    app.selectbox(key="ev_run").select(run_path(eval_runs, "dev-answer-new")).run()
    metrics = {m.label: m.value for m in app.tabs[0].metric}
    assert metrics["correct"] == "1" and metrics["correct abstention"] == "1" and metrics["citation_recall"] == "1.000"
    assert app.tabs[0].dataframe and app.image, "tables, and the PNG plot next to results.json is shown"
    app.selectbox(key="ev_question").select("a1").run()
    assert "Answer of a1" in markdown_text(app)
    app.selectbox(key="ev_before").select(run_path(eval_runs, "dev-answer-old")).run()
    app.selectbox(key="ev_after").select(run_path(eval_runs, "dev-answer-new")).run()
    assert any("1 questions changed" in m.value for m in app.markdown)
    app.selectbox(key="ev_after").select(run_path(eval_runs, "dev-retrieval-hybrid")).run()
    assert "cannot compare" in app.warning[0].value
    app.selectbox(key="ev_run").select("upload").run()
    upload = (eval_runs / "dev-retrieval-bm25" / "results.json").read_bytes()
    app.file_uploader(key="ev_run_upload").set_value(("results.json", upload, "application/json")).run()
    assert {m.label for m in app.tabs[0].metric} == {"recall@1", "recall@5", "recall@10", "mrr"}
    app.file_uploader(key="ev_run_upload").set_value(("results.json", b"[1, 2]", "application/json")).run()
    assert "not a palermo results file" in app.error[0].value and not app.exception


def test_draft_page_shows_basis_checklist_and_the_docx(monkeypatch, ui_api):
    app = open_app(monkeypatch, ui_api.url, "views/draft.py")
    app.button(key="draft_go").click().run()
    assert "nothing was sent" in app.info[0].value and "draft_result" not in app.session_state
    app.text_input(key="draft_from").input("Nederland").run()
    app.text_input(key="draft_to").input("Canada").run()
    app.button(key="draft_go").click().run()
    assert not app.exception and "Unknown State" in app.error[0].value and "Netherlands" in app.error[0].value
    app.text_input(key="draft_from").input("Netherlands").run()
    app.multiselect(key="draft_measures").set_value(["bank_records"]).run()
    app.text_input(key="draft_authority").input("Public Prosecution Service, Amsterdam").run()
    app.button(key="draft_go").click().run()
    assert not app.exception and not app.error, app.error
    result = app.session_state["draft_result"]
    assert "no bilateral treaty between Netherlands and Canada" in app.info[0].value
    assert "ratifications" in app.warning[0].value
    assert app.download_button[0].label == "Download the draft (.docx)"
    statuses = {item["label"]: item["status"] for item in result["checklist"]}
    assert statuses["UNTOC art. 18(15)(a)"] == "filled" and statuses["UNTOC art. 18(15)(c)"] == "missing"
    assert app.dataframe and "missing" in app.subheader[1].value
    app.text_area(key="draft_facts").input("On 3 February 2024 Ms Anna KOWALSKI, a national of Poland, received "
                                           "EUR 400,000 from a company in Toronto on an account in Amsterdam.").run()
    app.button(key="draft_go").click().run()
    statuses = {item["label"]: item["status"] for item in app.session_state["draft_result"]["checklist"]}
    assert statuses["UNTOC art. 18(15)(c)"] == "filled"  # the marks follow the facts
