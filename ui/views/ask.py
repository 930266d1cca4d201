"""Ask: chat with cited answers streamed sentence by sentence; citations open in a side panel."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from service.schemas import InstrumentKind, Topic
from ui.answer_view import OPEN_CITATION_KEY, render_answer
from ui.client import ServiceError
from ui.context import current
from ui.provision_view import render_article, render_quote

HISTORY_KEY = "ask_history"
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 20_000
LANGUAGES = ("en", "fr", "nl", "other")


def instrument_options() -> dict[str, str]:
    """Instrument id -> short name, fetched once per session (empty while the service is down)."""
    if "ask_instruments" not in st.session_state:
        try:
            st.session_state.ask_instruments = {i["id"]: i["short_name"] for i in current().client.instruments()}
        except ServiceError:
            return {}
    return st.session_state.ask_instruments


def filters_sidebar() -> dict:
    """The source filters (sidebar)."""
    with st.sidebar:
        st.subheader("Filters")
        names = instrument_options()
        instruments = st.multiselect("Instruments", list(names), format_func=lambda i: names.get(i, i),
                                     key="ask_filter_instruments")
        kinds = st.multiselect("Kinds", get_args(InstrumentKind), key="ask_filter_kinds")
        topics = st.multiselect("Topics", get_args(Topic), format_func=lambda t: t.replace("_", " "),
                                key="ask_filter_topics")
        languages = st.multiselect("Languages", LANGUAGES, key="ask_filter_languages")
        st.radio("Answers", ["extractive", "generative"], key="ask_mode", horizontal=True,
                 help="extractive: quoted provisions, no language model; generative: a local LLM whose every "
                      "sentence is checked against its citations (the service must have one configured).")
        if st.button("New conversation", key="ask_clear"):
            st.session_state[HISTORY_KEY] = []
            st.session_state[OPEN_CITATION_KEY] = None
    return {"instruments": instruments, "kinds": list(kinds), "topics": list(topics), "languages": list(languages)}


def api_history(messages: list[dict]) -> list[dict]:
    """Earlier turns as the API wants them (latest ones, each cut to the API's limit)."""
    turns = [{"role": m["role"], "content": m["content"][:MAX_TURN_CHARS]} for m in messages]
    return turns[-MAX_HISTORY_TURNS:]


def show_history(messages: list[dict]) -> None:
    """Replay the conversation."""
    for index, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(message["content"])
            elif message.get("error"):
                st.error(message["content"], icon=":material/error:")
            else:
                render_answer(messages[index - 1]["content"], message["payload"], key=f"msg{index}")


def stream_answer(question: str, history: list[dict], filters: dict, mode: str) -> dict:
    """Ask the service and show sentences as they arrive; the final payload (raises ServiceError)."""
    client = current().client
    placeholder = st.empty()
    shown: list[str] = []
    payload: dict | None = None
    with st.spinner("Searching the sources…"):
        for event in client.ask_stream(question, history, filters, mode):
            if event.event in ("sentence", "checklist"):
                shown.append(("- " if event.event == "checklist" else "") + event.data["text"])  # as each arrives
                placeholder.markdown("\n\n".join(shown))
            elif event.event == "done":
                payload = event.data
    if payload is None:
        raise ServiceError("The answer stream ended early", "no final answer was received; try again")
    return payload


def ask(question: str, filters: dict) -> None:
    """Send a question (nothing is sent for an empty one) and record the turn."""
    question = question.strip()
    if not question:
        return
    messages = st.session_state[HISTORY_KEY]
    history = api_history(messages)
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        try:
            payload = stream_answer(question, history, filters, st.session_state.get("ask_mode", "extractive"))
            reply = {"role": "assistant", "content": payload.get("answer", ""), "payload": payload}
        except ServiceError as exc:
            reply = {"role": "assistant", "content": f"**{exc.title}.** {exc.detail}", "error": True}
    messages += [{"role": "user", "content": question}, reply]
    st.rerun()


def side_panel(citation: dict) -> None:
    """The cited provision: the article in every language version, the cited paragraph highlighted."""
    with st.container(horizontal=True):
        st.subheader(citation["label"])
        st.button("Close", key="ask_close_panel", on_click=lambda: st.session_state.update({OPEN_CITATION_KEY: None}))
    if citation.get("article_heading"):
        st.caption(citation["article_heading"])
    if not citation.get("article"):
        render_quote(citation)
        return
    try:
        view = current().client.article(citation["instrument_id"], citation["article"])
    except ServiceError as exc:
        st.error(f"**{exc.title}.** {exc.detail}")
        render_quote(citation)
        return
    render_article(view, citation.get("paragraph"), height=520)


st.session_state.setdefault(HISTORY_KEY, [])
st.session_state.setdefault(OPEN_CITATION_KEY, None)
st.title("Ask")
filters = filters_sidebar()
opened = st.session_state[OPEN_CITATION_KEY]
chat, panel = st.columns([1, 1]) if opened else (st.container(), None)
with chat:
    if not st.session_state[HISTORY_KEY]:
        st.caption("Ask about extradition, mutual legal assistance, confiscation… Every sentence of an answer "
                   "cites the provision it rests on; click a citation to read it in the side panel.")
    show_history(st.session_state[HISTORY_KEY])
if panel is not None:
    with panel:
        side_panel(opened)
question = st.chat_input("Ask a question about international cooperation in criminal matters")
if question is not None:
    with chat:
        ask(question, filters)
