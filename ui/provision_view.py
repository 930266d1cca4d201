"""The source view of an article: its language versions side by side, one paragraph highlighted."""

from __future__ import annotations

import html

import streamlit as st

LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "fr": "French", "other": "Other language"}
MAX_SIDE_BY_SIDE = 3


def paragraph_html(provision: dict, highlighted: bool) -> str:
    """One paragraph as HTML (text escaped); the highlighted one wrapped in <mark>."""
    number = provision.get("paragraph")
    prefix = f"<b>{html.escape(str(number))}.</b> " if number else ""
    text = html.escape(provision.get("text", "")).replace("\n", "<br>")
    if highlighted:
        return (f'<div class="palermo-paragraph palermo-cited" style="margin:0 0 .6em 0">'
                f'<mark style="background:#ffe38a;padding:.1em .2em">{prefix}{text}</mark></div>')
    return f'<div class="palermo-paragraph" style="margin:0 0 .6em 0">{prefix}{text}</div>'


def version_html(version: dict, paragraph: str | None) -> str:
    """Every paragraph of one language version, the cited one highlighted."""
    parts = [paragraph_html(p, paragraph is not None and p.get("paragraph") == paragraph)
             for p in version.get("provisions", [])]
    return "\n".join(parts) or "<i>(no text)</i>"


def version_title(version: dict) -> str:
    """'English — Mutual legal assistance'."""
    language = LANGUAGE_NAMES.get(version.get("language", ""), version.get("language", "?"))
    heading = version.get("heading")
    return f"{language} — {heading}" if heading else language


def render_versions(versions: list[dict], paragraph: str | None) -> None:
    """Language versions in columns (at most three side by side, the rest in expanders)."""
    shown = versions[:MAX_SIDE_BY_SIDE]
    for column, version in zip(st.columns(len(shown)), shown):
        with column:
            st.markdown(f"**{version_title(version)}**")
            st.markdown(version_html(version, paragraph), unsafe_allow_html=True)
    for version in versions[MAX_SIDE_BY_SIDE:]:
        with st.expander(version_title(version)):
            st.markdown(version_html(version, paragraph), unsafe_allow_html=True)


def cited_versions(view: dict, paragraph: str) -> list[dict]:
    """Each language version cut down to the cited paragraph (versions without it left out)."""
    cut = [{**v, "provisions": [p for p in v.get("provisions", []) if p.get("paragraph") == paragraph]}
           for v in view.get("versions", [])]
    return [version for version in cut if version["provisions"]]


def render_article(view: dict, paragraph: str | None = None, height: int | None = None) -> None:
    """An article in every language version (English first). With ``paragraph``: that paragraph in each
    language side by side first, then the whole article with it highlighted (scrollable when ``height``)."""
    versions = view.get("versions", [])
    if not versions:
        st.info("The index holds no text for this article.")
        return
    cited = cited_versions(view, paragraph) if paragraph else []
    if cited:
        render_versions(cited, paragraph)
        st.caption("The whole article")
    if height is None:
        render_versions(versions, paragraph)
        return
    with st.container(height=height, border=True):
        render_versions(versions, paragraph)


def render_quote(citation: dict) -> None:
    """A cited passage without an article view (e.g. a numbered paragraph of a report)."""
    provision = {"paragraph": citation.get("paragraph"), "text": citation.get("quote", "")}
    st.markdown(paragraph_html(provision, True), unsafe_allow_html=True)
