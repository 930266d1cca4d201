"""One cited answer in the chat: sentences with [n] markers, checklist, abstention, citation chips, export."""

from __future__ import annotations

import streamlit as st

from ui.export import answer_markdown, citation_numbers, sentence_markdown, slug

OPEN_CITATION_KEY = "ask_open_citation"


def open_citation(citation: dict) -> None:
    """Chip callback: show this citation in the side panel."""
    st.session_state[OPEN_CITATION_KEY] = citation


def render_abstention(payload: dict) -> None:
    """The clear 'the sources do not address this' box."""
    reason = payload.get("abstention_reason") or "No provision in the indexed sources answers this question."
    st.warning(f"**The sources do not address this.**\n\n{reason}", icon=":material/block:")


def render_sentences(payload: dict) -> None:
    """The answer text and the checklist, each sentence with its markers."""
    numbers = citation_numbers(payload.get("citations", []))
    text = "\n\n".join(sentence_markdown(s, numbers) for s in payload.get("sentences", []))
    if text:
        st.markdown(text)
    if payload.get("checklist"):
        st.markdown("**Checklist**\n\n" + "\n".join(f"- {sentence_markdown(s, numbers)}" for s in payload["checklist"]))


def render_chips(payload: dict, key: str) -> None:
    """A chip (button) per citation; clicking one opens the provision in the side panel."""
    citations = payload.get("citations", [])
    groups = [("Sources", [c for c in citations if c.get("role") == "primary"]),
              ("Nearest provisions" if payload.get("abstained") else "See also",
               [c for c in citations if c.get("role") != "primary"])]
    numbers = citation_numbers(citations)
    for title, members in groups:
        if not members:
            continue
        st.caption(title)
        with st.container(horizontal=True):
            for citation in members:
                st.button(f"[{numbers[citation['id']]}] {citation['label']}", key=f"{key}-chip-{citation['id']}",
                          on_click=open_citation, args=(citation,), help=citation.get("article_heading") or None,
                          type="secondary")


def render_export(question: str, payload: dict, key: str) -> None:
    """Download the answer with its citations as Markdown, or copy it."""
    document = answer_markdown(question, payload)
    with st.container(horizontal=True):
        st.download_button("Download as Markdown", document, file_name=f"palermo-{slug(question)}.md",
                           mime="text/markdown", key=f"{key}-download", icon=":material/download:")
    with st.expander("Copy answer with citations"):
        st.code(document, language="markdown")


def render_answer(question: str, payload: dict, key: str) -> None:
    """A whole answer message."""
    if payload.get("abstained"):
        render_abstention(payload)
    if payload.get("premise_corrected"):
        st.info("The question rests on a premise the sources contradict; the answer corrects it.", icon=":material/report:")
    render_sentences(payload)
    render_chips(payload, key)
    render_export(question, payload, key)
