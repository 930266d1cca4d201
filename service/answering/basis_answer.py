"""Compose the answer to a legal-basis question (see legal_basis.py for how it is read and searched)."""

from __future__ import annotations

from corpora.registry import Registry
from retrieval.hybrid import Retriever
from service.answering.composer import heading_of, render_markdown
from service.answering.evidence import content_terms, rank_sentences
from service.answering.legal_basis import BasisQuestion, bilateral_treaties, first_provision, multilateral_basis
from service.answering.records import Answer, AnswerSentence, Citation


def answer_basis(asked: BasisQuestion, retriever: Retriever, registry: Registry) -> Answer:
    """Bilateral treaties binding both States, then multilateral instruments with the caveat on party data."""
    first, second = asked.states
    sentences: list[AnswerSentence] = []
    citations: list[Citation] = []
    treaties = bilateral_treaties(registry, asked)
    if not treaties:
        sentences.append(AnswerSentence(f"The corpus holds no bilateral treaty between {first} and {second}.", (), "basis"))
    for treaty in treaties:
        provision = first_provision(retriever, treaty)
        if provision is None:
            continue
        citations.append(Citation.of(provision, " ".join(provision.text.split())[:600], "primary"))
        topics = ", ".join(t.replace("_", " ") for t in treaty.topics)
        sentences.append(AnswerSentence(f"Bilateral: {treaty.title} ({treaty.id}; {topics}).", (provision.point_id,), "basis"))
    basis_hits = multilateral_basis(retriever, registry, asked)
    sentences.append(AnswerSentence(
        f"Multilateral: the corpus does not record which States are parties to the multilateral instruments, so it "
        f"cannot confirm that both {first} and {second} are bound; check their ratifications. Where both are parties, "
        "these provisions make the instrument a legal basis:", (), "caveat"))
    terms = content_terms(" ".join(asked.topics).replace("_", " ") + " legal basis treaty")
    for hit in basis_hits:
        best = rank_sentences(hit, terms)[0].text
        citations.append(Citation.of(hit, " ".join(hit.text.split()), "primary"))
        sentences.append(AnswerSentence(f"{hit.label}{heading_of(hit)}: \u201c{best}\u201d", (hit.point_id,), "quote"))
    answer = Answer(text="", sentences=sentences, citations=citations)
    answer.text = render_markdown(answer)
    return answer
