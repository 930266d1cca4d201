"""Draft a request: the two States, the kind of request and the case in; legal basis, cited checklist
(filled / missing) and the .docx draft out."""

from __future__ import annotations

import base64
from typing import get_args

import streamlit as st

from service.drafting.schemas import MeasureKey
from ui.client import ServiceError
from ui.context import current

KINDS = {"mutual_legal_assistance": "Mutual legal assistance", "extradition": "Extradition"}
PURPOSES = {"prosecution": "for prosecution", "enforcement": "for enforcement of a sentence"}


def request_body() -> dict | None:
    """The inputs as the body of POST /v1/drafts, or None (with a note) when a State is missing."""
    left, right = st.columns(2)
    requesting = left.text_input("Requesting State", key="draft_from", placeholder="e.g. Netherlands")
    requested = right.text_input("Requested State", key="draft_to", placeholder="e.g. Hong Kong")
    kind = st.radio("Kind of request", list(KINDS), format_func=KINDS.get, horizontal=True, key="draft_kind")
    measures: list[str] = []
    purpose = "prosecution"
    if kind == "mutual_legal_assistance":
        measures = st.multiselect("Measures sought", list(get_args(MeasureKey)), key="draft_measures",
                                  format_func=lambda m: m.replace("_", " "))
    else:
        purpose = st.radio("Extradition", list(PURPOSES), format_func=PURPOSES.get, horizontal=True, key="draft_purpose")
    authority = st.text_input("Requesting authority", key="draft_authority")
    offence = st.text_input("Offence (with its legal provision and penalty)", key="draft_offence")
    facts = st.text_area("Facts", height=200, key="draft_facts",
                         help="Who did what, when and where; paragraphs separated by blank lines.")
    urgent = st.checkbox("Urgent", key="draft_urgent")
    reason = st.text_input("Why urgent, and by when", key="draft_urgency_reason") if urgent else ""
    language = st.text_input("Also translate into (language code, optional)", key="draft_language", max_chars=8)
    if not st.button("Draft the request", key="draft_go", type="primary"):
        return None
    if not requesting.strip() or not requested.strip():
        st.info("Enter both States; nothing was sent.")
        return None
    return {"requesting_state": requesting, "requested_state": requested, "kind": kind, "measures": measures,
            "extradition_purpose": purpose, "offence": offence, "facts": facts, "urgent": urgent,
            "urgency_reason": reason, "requesting_authority": authority, "target_language": language.strip() or None}


def show_basis(basis: dict) -> None:
    st.subheader("Legal basis")
    if basis["no_bilateral"]:
        st.info(basis["no_bilateral"] + " The multilateral instruments below may serve.")
    for entry in basis["entries"]:
        chosen = " (drawn on for the checklist)" if entry["chosen"] else ""
        st.markdown(f"- **{entry['label']}**, {entry['kind']}: {entry['title']}{chosen}")
    st.warning(basis["warning"], icon=":material/gavel:")


def show_checklist(result: dict) -> None:
    st.subheader(f"Checklist: {result['missing']} missing")
    st.dataframe([{"status": ("filled" if item["status"] == "filled" else "MISSING")
                   + (" (optional)" if item["optional"] else ""),
                   "what the request must contain or respect": item["text"],
                   "missing": "; ".join(item["missing"]), "source": item["label"]}
                  for item in result["checklist"]], hide_index=True, key="draft_checklist")


def show_documents(result: dict) -> None:
    document = result["document"]
    st.download_button("Download the draft (.docx)", base64.b64decode(document["base64"]), file_name=document["filename"],
                       mime=document["media_type"], key="draft_download", type="primary")
    translation = result.get("translation")
    if translation:
        translated = translation["document"]
        st.download_button(f"Download the {translation['language']} translation", base64.b64decode(translated["base64"]),
                           file_name=translated["filename"], mime=translated["media_type"], key="draft_download_tr")
        fixed = translation["glossary_fixed"]
        st.caption("Glossary terms fixed: " + (", ".join(f"{t['source']} → {t['target']}" for t in fixed) or "none"))


st.title("Draft a request")
st.caption("A request for mutual legal assistance or extradition with its legal basis and a checklist from the "
           "treaties, each item cited. The draft is the start of a lawyer's work, and says so in its header.")
body = request_body()
if body is not None:
    try:
        with st.spinner("Drafting..."):
            st.session_state.draft_result = current().client.draft(body)
    except ServiceError as exc:
        st.session_state.draft_result = None
        st.error(f"**{exc.title}.** {exc.detail}")
result = st.session_state.get("draft_result")
if result:
    for warning in result["warnings"]:
        if warning != result["legal_basis"]["warning"]:
            st.caption(warning)
    show_documents(result)
    show_basis(result["legal_basis"])
    show_checklist(result)
