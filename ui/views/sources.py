"""Sources: browse the instruments, open one, read its articles in every language version."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from service.schemas import InstrumentKind, Topic
from ui.client import ServiceError
from ui.context import current
from ui.provision_view import render_article


def counterparts() -> list[str]:
    """The States the corpus has bilateral treaties with (fetched once per session)."""
    if "src_counterparts" not in st.session_state:
        try:
            found = current().client.instruments(kind="bilateral")
        except ServiceError:
            return []
        st.session_state.src_counterparts = sorted({i["counterpart"] for i in found if i.get("counterpart")})
    return st.session_state.src_counterparts


def search_controls() -> dict:
    """Name/alias search, kind, topic and counterpart filters."""
    query = st.text_input("Search by name, alias or title", key="src_q", placeholder="Palermo Convention, ETS 24…")
    left, middle, right = st.columns(3)
    kind = left.selectbox("Kind", ["", *get_args(InstrumentKind)], key="src_kind",
                          format_func=lambda k: k.replace("_", " ") or "any kind")
    topic = middle.selectbox("Topic", ["", *get_args(Topic)], key="src_topic",
                             format_func=lambda t: t.replace("_", " ") or "any topic")
    counterpart = right.selectbox("Bilateral treaties with", ["", *counterparts()], key="src_counterpart",
                                  format_func=lambda c: c or "any State")
    return {"q": query.strip() or None, "kind": kind or None, "topic": topic or None,
            "counterpart": counterpart or None}


def instrument_table(found: list[dict]) -> None:
    """The matching instruments as a table."""
    rows = [{"name": i["short_name"], "title": i["title"], "kind": i["kind"].replace("_", " "),
             "counterpart": i["counterpart"] or "", "languages": ", ".join(i["languages"]), "id": i["id"]}
            for i in found]
    st.dataframe(rows, hide_index=True, height=min(38 + 35 * len(rows), 280))


def article_label(article: dict) -> str:
    """'art. 18 — Mutual legal assistance (en, nl)'."""
    heading = f" — {article['heading']}" if article.get("heading") else ""
    return f"{article['label']}{heading} ({', '.join(article['languages'])})"


def step(key: str, delta: int, count: int) -> None:
    """Previous/next article callback."""
    st.session_state[key] = max(0, min(count - 1, st.session_state.get(key, 0) + delta))


def show_instrument(instrument_id: str) -> None:
    """One instrument: titles, aliases and an article navigator."""
    client = current().client
    try:
        detail = client.instrument(instrument_id)
    except ServiceError as exc:
        st.error(f"**{exc.title}.** {exc.detail}")
        return
    st.subheader(f"{detail['short_name']} — {detail['title']}")
    titles = [f"{lang}: {detail[f'title_{lang}']}" for lang in ("en", "nl", "fr") if detail.get(f"title_{lang}")]
    st.caption(" · ".join(titles))
    if detail["aliases"]:
        st.caption("Also known as: " + "; ".join(detail["aliases"][:12]))
    articles = [a for a in detail["articles"] if a.get("article")]
    if not articles:
        st.info("No numbered articles of this instrument are in the index.")
        return
    count, key = len(articles), f"src_article_{detail['id']}"  # one navigator per instrument
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button("Previous", key="src_prev", on_click=step, args=(key, -1, count), icon=":material/chevron_left:")
        index = st.selectbox("Article", range(count), key=key, format_func=lambda i: article_label(articles[i]))
        st.button("Next", key="src_next", on_click=step, args=(key, 1, count), icon=":material/chevron_right:")
    chosen = articles[min(index, count - 1)]
    try:
        render_article(client.article(detail["id"], chosen["article"]))
    except ServiceError as exc:
        st.error(f"**{exc.title}.** {exc.detail}")


st.title("Sources")
filters = search_controls()
try:
    found = current().client.instruments(**filters)
except ServiceError as exc:
    st.error(f"**{exc.title}.** {exc.detail}")
    found = []
st.caption(f"{len(found)} instrument{'s' if len(found) != 1 else ''}")
if found:
    instrument_table(found)
    names = {i["id"]: f"{i['short_name']} — {i['title']}" for i in found}
    chosen = st.selectbox("Open instrument", list(names), format_func=lambda i: names[i], key="src_open")
    show_instrument(chosen)
