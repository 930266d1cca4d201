"""The legal basis of a draft: the legal-basis answer (bilateral treaties, multilateral instruments, the
warning on ratifications) as records, and the instruments the checklist is drawn from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.registry import Registry
from retrieval.hybrid import Retriever
from service.answering.basis_answer import answer_basis
from service.answering.evidence import content_terms
from service.answering.legal_basis import BasisQuestion, bilateral_treaties
from service.answering.records import Citation


@dataclass(frozen=True)
class BasisEntry:
    """One instrument that can serve as the legal basis, with the provision cited for it."""

    kind: str  # "bilateral" or "multilateral"
    instrument_id: str
    title: str
    statement: str
    citation: Citation
    on_topic: bool = True


@dataclass
class DraftBasis:
    """What the corpus offers as the legal basis between the two States, and the basis chosen for the draft."""

    entries: list[BasisEntry]
    warning: str
    no_bilateral: str | None = None
    chosen: list[str] = field(default_factory=list)

    @property
    def bilateral(self) -> list[BasisEntry]:
        return [e for e in self.entries if e.kind == "bilateral"]

    @property
    def multilateral(self) -> list[BasisEntry]:
        return [e for e in self.entries if e.kind == "multilateral"]


def find_basis(states: tuple[str, str], topic: str, retriever: Retriever, registry: Registry,
               chosen: tuple[str, ...] = (), case: str = "") -> DraftBasis:
    """The legal-basis answer for the two States and the request's topic, as records.

    The draft is drawn from ``chosen`` (instrument ids or names) when given, else from the bilateral
    treaties on the topic and the multilateral instrument that fits the ``case`` (offence and facts) best.
    """
    asked = BasisQuestion(states, (topic,))
    answer = answer_basis(asked, retriever, registry)
    by_id = {citation.id: citation for citation in answer.citations}
    treaties = {t.id: t for t in bilateral_treaties(registry, asked)}
    basis = DraftBasis(entries=[], warning="")
    for sentence in answer.sentences:
        cited = [by_id[i] for i in sentence.citation_ids if i in by_id]
        if sentence.kind == "caveat":
            basis.warning = _plain_warning(sentence.text)
        elif not cited:
            basis.no_bilateral = sentence.text
        elif sentence.kind == "basis":
            treaty = treaties[cited[0].instrument_id]
            basis.entries.append(BasisEntry("bilateral", treaty.id, treaty.title, sentence.text, cited[0],
                                            topic in treaty.topics))
        else:
            instrument = registry.get(cited[0].instrument_id)
            basis.entries.append(BasisEntry("multilateral", instrument.id, instrument.title, sentence.text, cited[0]))
    if chosen:
        basis.chosen = list(dict.fromkeys(registry.resolve(name).id for name in chosen))
    else:
        fitting = best_multilateral(basis.multilateral, registry, case)
        basis.chosen = [e.instrument_id for e in basis.bilateral if e.on_topic] + ([fitting] if fitting else [])
    return basis


def best_multilateral(entries: list[BasisEntry], registry: Registry, case: str) -> str | None:
    """The multilateral instrument whose title and topics share most words with the case (the offence: drugs,
    corruption, laundering...), the broadest one (most topics) on a tie, then the answer's order."""
    if not entries:
        return None
    case_terms = set(content_terms(case[:4000]))

    def fit(entry: BasisEntry) -> tuple[int, int]:
        instrument = registry.get(entry.instrument_id)
        words = set(content_terms(f"{instrument.title} {' '.join(instrument.topics).replace('_', ' ')}"))
        return len(words & case_terms), len(instrument.topics)

    return max(entries, key=fit).instrument_id


def _plain_warning(caveat: str) -> str:
    """The answer's caveat as a warning: without its 'Multilateral:' lead and the sentence introducing a list."""
    sentences = re.split(r"(?<=[.;:])\s+", re.sub(r"^Multilateral:\s*", "", caveat))
    kept = " ".join(s for s in sentences if not s.endswith(":"))
    return (kept[0].upper() + kept[1:]) if kept else caveat
