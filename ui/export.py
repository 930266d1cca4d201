"""An answer and its citations as a Markdown document (download or copy)."""

from __future__ import annotations

import re

ROLE_TITLES = {"primary": "Cited provisions", "see_also": "See also", "related": "Related"}


def citation_numbers(citations: list[dict]) -> dict[str, int]:
    """Citation id -> its [n] marker (the order the service gave)."""
    return {citation["id"]: index for index, citation in enumerate(citations, start=1)}


def sentence_markdown(sentence: dict, numbers: dict[str, int]) -> str:
    """A sentence followed by its [n] markers."""
    marks = "".join(f"[{numbers[cid]}]" for cid in sentence.get("citation_ids", []) if cid in numbers)
    return f"{sentence['text']} {marks}".rstrip()


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe slug of a question."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return cleaned[:limit].rstrip("-") or "answer"


def answer_markdown(question: str, payload: dict) -> str:
    """The question, the answer (or the abstention) and every citation with its quote."""
    numbers = citation_numbers(payload.get("citations", []))
    lines = [f"# {question}", ""]
    if payload.get("abstained"):
        lines += ["**The sources do not address this.**", ""]
        if payload.get("abstention_reason"):
            lines += [payload["abstention_reason"], ""]
    lines += [sentence_markdown(s, numbers) for s in payload.get("sentences", [])]
    if payload.get("checklist"):
        lines += ["", "## Checklist", ""] + [f"- {sentence_markdown(s, numbers)}" for s in payload["checklist"]]
    for role, title in ROLE_TITLES.items():
        members = [c for c in payload.get("citations", []) if c.get("role") == role]
        if members:
            lines += ["", f"## {title}", ""]
        for citation in members:
            heading = f" — {citation['article_heading']}" if citation.get("article_heading") else ""
            lines += [f"[{numbers[citation['id']]}] **{citation['label']}**{heading} ({citation['language']})", ""]
            lines += [f"> {line}" for line in citation.get("quote", "").splitlines() or [""]] + [""]
    return "\n".join(lines).rstrip() + "\n"
