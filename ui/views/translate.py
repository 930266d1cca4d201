"""Translate: text or a document, offline, with the legal termbases enforced (or not)."""

from __future__ import annotations

import pycountry
import streamlit as st

from ui.client import ServiceError
from ui.context import current, human_bytes

FILE_TYPES = ["docx", "txt", "md", "html"]
INSTALL_HELP = ("No translation package is installed. Install one from a local `.argosmodel` file with\n\n"
                "`palermo translate packages install FILE`\n\n(for example an English–Dutch package copied onto "
                "this machine), then restart the API (`palermo serve`, or `make run`) and reload this page.")


def language_name(code: str) -> str:
    """English name of a language code ('nl' -> 'Dutch'), the code itself when unknown."""
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found.name if found else code


def load_languages() -> list[dict] | None:
    """Installed languages, or None (with a message) when the service cannot say."""
    try:
        return current().client.languages()
    except ServiceError as exc:
        st.error(f"**{exc.title}.** {exc.detail}")
        return None


def language_pickers(languages: list[dict]) -> tuple[str, str]:
    """Source (auto-detect by default) and target pickers."""
    names = {info["code"]: info["name"] for info in languages}
    targets = sorted({t for info in languages for t in info["targets"]})
    names.update({code: names.get(code) or language_name(code) for code in targets})
    left, right, _ = st.columns([1, 1, 2])
    source = left.selectbox("From", ["auto", *sorted(names)], key="tr_source",
                            format_func=lambda c: "Detect automatically" if c == "auto" else f"{names[c]} ({c})")
    if source != "auto":
        targets = next(info["targets"] for info in languages if info["code"] == source)
    default = targets.index("en") if "en" in targets and source != "en" else 0
    target = right.selectbox("To", targets, index=default, key="tr_target",
                             format_func=lambda c: f"{names.get(c, c)} ({c})")
    return source, target


def show_applied(entries: list[dict]) -> None:
    """The glossary entries the translation enforced."""
    if entries:
        st.markdown("**Glossary entries applied**")
        st.dataframe([{"entry": e["id"], "termbase": e["termbase"], "source term": e["source"],
                       "target term": e["target"], "times": e["count"]} for e in entries],
                     hide_index=True)
    else:
        st.caption("No glossary entry applied.")


def text_tab(source: str, target: str, glossary: bool) -> None:
    """Paste text, translate it, download the result."""
    text = st.text_area("Text to translate", height=180, key="tr_text")
    if st.button("Translate", key="tr_go", type="primary"):
        if not text.strip():
            st.info("Paste some text first; nothing was sent.")
            return
        try:
            st.session_state.tr_result = current().client.translate(text, source, target, glossary)
        except ServiceError as exc:
            st.session_state.tr_result = None
            st.error(f"**{exc.title}.** {exc.detail}")
    result = st.session_state.get("tr_result")
    if result:
        detected = result.get("detectedLanguage")
        if detected:
            st.caption(f"Detected language: {detected['language']} ({detected['confidence']:.0f}%)")
        st.text_area("Translation", result["translatedText"], height=180, key="tr_output")
        for warning in result.get("warnings", []):
            st.warning(warning)
        show_applied(result.get("appliedGlossary", []))
        st.download_button("Download translation", result["translatedText"], file_name=f"translation-{target}.txt",
                           mime="text/plain", key="tr_download_text")


def file_tab(source: str, target: str, glossary: bool) -> None:
    """Upload a document (limit shown first), translate it in the same format, download it."""
    limit = current().max_upload_bytes
    st.caption(f"Word (.docx), text (.txt), Markdown (.md) or HTML (.html); at most {human_bytes(limit)}.")
    upload = st.file_uploader("Document", type=FILE_TYPES, key="tr_file")
    if upload is None:
        return
    if upload.size > limit:
        st.error(f"**{upload.name} is too large** ({human_bytes(upload.size)}); the limit is {human_bytes(limit)} "
                 "(PALERMO_MAX_UPLOAD_BYTES). Nothing was sent.")
        return
    if st.button("Translate document", key="tr_file_go", type="primary"):
        try:
            st.session_state.tr_file_result = current().client.translate_file(
                upload.name, upload.getvalue(), source, target, glossary)
        except ServiceError as exc:
            st.session_state.tr_file_result = None
            st.error(f"**{exc.title}.** {exc.detail}")
    done = st.session_state.get("tr_file_result")
    if done:
        st.success(f"Translated from {done.source_language} into {target}: {done.filename}")
        if done.applied_glossary:
            st.markdown("**Glossary entries applied:** " + ", ".join(done.applied_glossary))
        st.download_button("Download translated document", done.content, file_name=done.filename,
                           mime=done.media_type, key="tr_download_file")


st.title("Translate")
st.caption("Offline translation: nothing leaves this machine. Legal terms follow the termbases.")
languages = load_languages()
if languages is not None and not languages:
    st.warning(INSTALL_HELP, icon=":material/package_2:")
elif languages:
    source, target = language_pickers(languages)
    glossary = st.toggle("Enforce the legal glossary (termbases)", value=True, key="tr_glossary")
    text, document = st.tabs(["Text", "Document"])
    with text:
        text_tab(source, target, glossary)
    with document:
        file_tab(source, target, glossary)
