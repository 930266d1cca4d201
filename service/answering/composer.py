"""The extractive composer: a short answer built only from the words of retrieved provisions.

Deterministic and fast. The lead sentence quotes the best-supported sentence of the most
relevant provision; then the primary provisions are quoted with their pinpoint citations;
then related provisions are listed as "see also". Every sentence names what supports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.results import SearchHit
from service.answering.evidence import SentenceSupport, hit_support, rank_sentences
from service.answering.premise import PremiseCorrection
from service.answering.records import Answer, AnswerSentence, Citation

MAX_QUOTE_CHARS = 1200
MAX_PRIMARY = 3
PRIMARY_SHARE = 0.7
#: A second provision is cited without being asked for only when it supports the answer almost as well.
CLOSE_SECOND = 0.7
MIN_SECOND_SUPPORT = 0.3
#: Supporting provisions, then the next best as 'see also', up to this many citations in all (citing
#: fewer lost dev questions whose gold provision ranks fourth to sixth).
MAX_CITED = 6
SIBLINGS_SEEN = 6
SIBLING_SHARE = 0.5
MAX_SIBLINGS = 1


@dataclass(frozen=True)
class Evidence:
    """A retrieved hit with its support for the question and its ranked sentences."""

    hit: SearchHit
    support: float
    sentences: list[SentenceSupport]

    @property
    def best_sentence(self) -> str:
        """The sentence that carries most of the question's terms."""
        return self.sentences[0].text if self.sentences else self.hit.text


def gather_evidence(hits: list[SearchHit], terms: dict[str, float]) -> list[Evidence]:
    """Score every hit (in retrieval order)."""
    return [Evidence(hit, hit_support(hit, terms), rank_sentences(hit, terms)) for hit in hits]


def choose_primary(
    evidence: list[Evidence], named: tuple[str, ...] = (), parts: int = 1,
) -> tuple[list[Evidence], list[Evidence]]:
    """The provisions that support the answer (quoted), and the next best (cited as 'see also').

    Supporting: exact matches of a provision the question names; the top hit; for each instrument the
    question names, its best provision; for each further part of a multi-part question, the next
    best-supported provision of another article; a close second (almost the top's support)."""
    if not evidence:
        return [], []
    top = max(item.support for item in evidence[:MAX_PRIMARY]) or 1.0
    primary = [item for item in evidence if item.hit.match == "exact"][:MAX_PRIMARY] or [evidence[0]]
    for instrument in named:
        if not any(item.hit.instrument_id == instrument for item in primary):
            own = [item for item in evidence if item.hit.instrument_id == instrument]
            if own:
                primary.append(max(own[:MAX_PRIMARY], key=lambda item: item.support))
    extra = max(0, parts - 1)
    for rank, item in enumerate(evidence[:MAX_PRIMARY + 1]):
        if item in primary or len(primary) >= MAX_PRIMARY + len(named):
            continue
        if extra and item.support >= PRIMARY_SHARE * top and _article(item) not in {_article(p) for p in primary}:
            primary.append(item)
            extra -= 1
        elif item.support >= CLOSE_SECOND * top and item.support >= MIN_SECOND_SUPPORT:
            primary.append(item)
    primary += _siblings(primary[0], [item for item in evidence[:SIBLINGS_SEEN] if item not in primary], top)
    rest = [item for item in evidence if item not in primary][: max(0, MAX_CITED - len(primary))]
    return primary, rest


def _siblings(lead: Evidence, candidates: list[Evidence], top: float) -> list[Evidence]:
    """Other paragraphs of the lead's article that carry the question too (an article's paragraphs
    read together: the rule and its exception, the request and its time limit)."""
    same = [item for item in candidates if item.hit.article and _article(item) == _article(lead)
            and item.support >= SIBLING_SHARE * top]
    return same[:MAX_SIBLINGS]


def _article(item: Evidence) -> tuple[str, str | None]:
    return item.hit.instrument_id, item.hit.article


def quote_of(item: Evidence) -> str:
    """The provision's text, or, when it is long, the sentences that carry the question's terms (and
    the stem of a list they belong to) in reading order, elided with '…'."""
    text = " ".join(item.hit.text.split())
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    kept: list[SentenceSupport] = []
    for sentence in item.sentences:
        if sentence.support <= 0 and kept:
            break
        if sum(len(s.text) for s in kept) + len(sentence.text) > MAX_QUOTE_CHARS and kept:
            break
        kept.append(sentence)
    stems = [s for s in item.sentences if s.text.rstrip().endswith(":") and s.index < min(k.index for k in kept)]
    if stems and all(s.index != stems[-1].index for s in kept):
        kept.append(max(stems, key=lambda s: s.index))
    ordered = sorted(kept, key=lambda s: s.index)
    return " … ".join(s.text for s in ordered)


def heading_of(hit: SearchHit) -> str:
    """' (Mutual legal assistance)' or ''."""
    return f" ({hit.article_heading})" if hit.article_heading else ""


def compose(
    evidence: list[Evidence], correction: PremiseCorrection | None = None, *,
    named: tuple[str, ...] = (), parts: int = 1,
) -> Answer:
    """Compose the cited answer from scored evidence (assumed non-empty): the correction of a false
    premise first, then the lead quoting the asked fact, then the other supporting provisions."""
    primary, rest = choose_primary(evidence, named, parts)
    corrected = None
    if correction:
        corrected = next((item for item in evidence if correction.provision_sentence in item.hit.text), primary[0])
        if corrected not in primary:
            primary.insert(0, corrected)
        else:
            primary.remove(corrected)
            primary.insert(0, corrected)
    citations = [Citation.of(item.hit, quote_of(item), "primary") for item in primary]
    citations += [Citation.of(item.hit, item.best_sentence, "see_also") for item in rest if item not in primary]
    lead_source = primary[0]
    sentences: list[AnswerSentence] = []
    if correction:
        sentences.append(AnswerSentence(
            f"No: {correction.explanation} ({lead_source.hit.label}).", (lead_source.hit.point_id,), "premise"))
    lead_text = correction.provision_sentence if correction else lead_source.best_sentence
    if lead_text.rstrip().endswith(":"):  # the stem of a list: the list is the answer
        lead_text = quote_of(lead_source)
    sentences.append(AnswerSentence(
        f"{lead_source.hit.label}{heading_of(lead_source.hit)} provides: \u201c{lead_text}\u201d",
        (lead_source.hit.point_id,), "lead"))
    for item in primary[1:]:
        sentences.append(AnswerSentence(
            f"{item.hit.label}{heading_of(item.hit)}: \u201c{item.best_sentence}\u201d", (item.hit.point_id,), "quote"))
    answer = Answer(text="", sentences=sentences, citations=citations, premise_corrected=correction is not None)
    answer.text = render_markdown(answer)
    return answer


def with_checklist(answer: Answer, items: list[AnswerSentence], evidence: list[Evidence]) -> Answer:
    """Add a request checklist; every provision it cites becomes a primary citation."""
    if not items:
        return answer
    cited = {citation.id for citation in answer.citations}
    by_id = {item.hit.point_id: item for item in evidence}
    for item in items:
        for point_id in item.citation_ids:
            if point_id not in cited and point_id in by_id:
                answer.citations.insert(0, Citation.of(by_id[point_id].hit, quote_of(by_id[point_id]), "primary"))
                cited.add(point_id)
    answer.checklist = items
    answer.citations.sort(key=lambda c: c.role != "primary")
    answer.text = render_markdown(answer)
    return answer


def render_markdown(answer: Answer, number: dict[str, int] | None = None) -> str:
    """The answer as Markdown: sentences with [n] markers, quoted provisions, see also."""
    number = number or {citation.id: index + 1 for index, citation in enumerate(answer.citations)}
    lines = []
    for sentence in answer.sentences:
        markers = "".join(f" [{number[cid]}]" for cid in sentence.citation_ids if cid in number)
        prefix = ""
        flag = " _(unsupported by the cited text)_" if sentence.flagged else ""
        lines += [f"{prefix}{sentence.text}{markers}{flag}", ""]
    if answer.checklist:
        lines += ["**Checklist**"]
        lines += [f"- [ ] {item.text}" + "".join(f" [{number[c]}]" for c in item.citation_ids if c in number)
                  for item in answer.checklist]
    primary = [c for c in answer.citations if c.role == "primary"]
    if primary:
        lines += ["", "**Provisions**"]
        for citation in primary:
            heading = f" \u2014 {citation.article_heading}" if citation.article_heading else ""
            lines += [f"[{number[citation.id]}] **{citation.label}**{heading}", f"> {citation.quote}", ""]
    others = [c for c in answer.citations if c.role != "primary"]
    if others:
        title = "Nearest related provisions" if answer.abstained else "See also"
        lines += [f"**{title}:**"]
        lines += [f"- [{number[c.id]}] {c.label}{' — ' + c.article_heading if c.article_heading else ''}: "
                  f"“{_snippet(c.quote)}”" for c in others]
    return "\n".join(lines).strip()


def _snippet(text: str, limit: int = 400) -> str:
    """A quote cut at a word boundary."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
