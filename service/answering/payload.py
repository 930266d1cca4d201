"""An answer as plain JSON data: the body of ``POST /v1/ask`` and of stream events."""

from __future__ import annotations

from dataclasses import asdict

from service.answering.records import Answer, AnswerSentence, Citation


def citation_payload(citation: Citation) -> dict:
    """One citation as JSON data."""
    return asdict(citation)


def sentence_payload(sentence: AnswerSentence) -> dict:
    """One answer sentence as JSON data."""
    return {"text": sentence.text, "citation_ids": list(sentence.citation_ids), "kind": sentence.kind,
            "flagged": sentence.flagged}


def answer_payload(answer: Answer) -> dict:
    """The whole answer as JSON data (``answer`` is the Markdown text)."""
    return {
        "answer": answer.text,
        "sentences": [sentence_payload(s) for s in answer.sentences],
        "checklist": [sentence_payload(s) for s in answer.checklist],
        "citations": [citation_payload(c) for c in answer.citations],
        "abstained": answer.abstained,
        "abstention_reason": answer.abstention_reason,
        "premise_corrected": answer.premise_corrected,
        "mode": answer.mode,
        "verifier": dict(answer.verifier),
        "removed_sentences": list(answer.removed_sentences),
        "translation": dict(answer.translation),
        "timings_ms": {name: round(value, 2) for name, value in answer.timings_ms.items()},
    }
