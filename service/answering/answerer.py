"""The answering service: question (+ conversation) -> cited answer or abstention."""

from __future__ import annotations

import time

from corpora.errors import InvalidRequestError, ModelError
from corpora.language import question_language
from corpora.registry import Registry
from retrieval.hybrid import Retriever
from retrieval.store import SearchFilter
from service.answering import abstention, answer_type, checklist, composer, conversation, premise, scope
from service.answering.attribution import Source, attribution_conflict, weakly_attributed
from service.answering.english import EnglishVersions, question_parts
from service.answering.basis_answer import answer_basis
from service.answering.crosslingual import CrossLingual
from service.answering.legal_basis import read_basis_question
from service.answering.evidence import content_terms
from service.answering.records import Answer, AnswerRequest

MAX_QUESTION_CHARS = 2000
#: Below this share of the question's terms in the best provision, the corpus is taken not to
#: address the question (calibrated on the dev set, see the README).
MIN_SUPPORT = 0.1
#: A number or date must come from a sentence carrying at least this share of the terms.
MIN_FACT_SUPPORT = 0.3
RELATED_SHOWN = 3
#: The premise of a question is checked against this many of the best retrieved provisions.
PREMISE_PROVISIONS = 5
ATTRIBUTION_K = 5


def validate_question(question: str) -> str:
    """The question stripped, or a clear error for empty, huge or binary input."""
    text = question.strip()
    if not text:
        raise InvalidRequestError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidRequestError(f"the question has {len(text)} characters; at most {MAX_QUESTION_CHARS} are accepted")
    control = sum(1 for char in text if ord(char) < 32 and char not in "\n\t\r")
    if "\x00" in text or control > 2:
        raise InvalidRequestError("the question is not text (control characters)")
    return text


class Answerer:
    """Extractive by default; generative when an LLM is configured (see generative.py)."""

    def __init__(self, retriever: Retriever, registry: Registry, *, cutoff_year: int = 2024, generator=None,
                 translator=None) -> None:
        self.retriever = retriever
        self.registry = registry
        self.cutoff_year = cutoff_year
        self.generator = generator
        self.crosslingual = CrossLingual(translator)
        self.english = EnglishVersions(retriever.store)

    def filters_of(self, request: AnswerRequest) -> SearchFilter:
        """Caller filters with instrument names resolved to ids (unknown ones are an error)."""
        chosen = request.filters
        ids = tuple(self.registry.resolve(name).id for name in chosen.instruments)
        return SearchFilter(instrument_ids=ids, instrument_kinds=chosen.kinds, topics=chosen.topics,
                            languages=chosen.languages)

    def ask(self, request: AnswerRequest) -> Answer:
        """Answer one question; every statement cites what it comes from."""
        started = time.perf_counter()
        question = validate_question(request.question)
        if request.mode == "generative" and self.generator is None:
            raise ModelError("generative mode needs an LLM: set PALERMO_LLM_MODEL_PATH (a GGUF file) or "
                             "PALERMO_LLM_BASE_URL (an OpenAI-compatible server); the extractive mode works without")
        conversation.validate_history(request.history)
        history = conversation.retrieval_context(request.history)
        asked = self.crosslingual.to_english(question)
        result = self.retriever.search(asked.text, k=request.k, filters=self.filters_of(request), history=history)
        retrieved = time.perf_counter()
        answer = self._extractive(asked.text, result.hits, result.analysis)
        if request.mode == "generative" and not answer.abstained:
            answer = self._generative(asked.text, request, result.hits, answer)
        if asked.translated:
            answer = self.crosslingual.back(answer, asked)
            answer.translation = {"question_language": asked.language, "question_in_english": asked.text,
                                  "route": list(asked.route)}
        answer.timings_ms = {**result.timings_ms, "retrieve": (retrieved - started) * 1000,
                             "answer": (time.perf_counter() - retrieved) * 1000,
                             "total": (time.perf_counter() - started) * 1000}
        return answer

    def _extractive(self, question: str, hits: list, analysis) -> Answer:
        asked_basis = read_basis_question(question)
        if asked_basis:
            return answer_basis(asked_basis, self.retriever, self.registry)
        reason = scope.out_of_scope_reason(question, self.cutoff_year)
        if reason:
            return abstention.abstain(reason, hits[:RELATED_SHOWN])
        if not hits:
            return abstention.abstain("nothing in the corpus matches the question", [])
        english_hits = self.english.of(hits) if question_language(question) != "en" else hits
        terms = content_terms(f"{question} {analysis.english_gloss}" if english_hits is not hits else question)
        evidence = composer.gather_evidence(english_hits, terms)
        correction = premise.find_correction(question, [item.hit.text for item in evidence[:PREMISE_PROVISIONS]],
                                             check_years=answer_type.expected_type(question) != "period_figure")
        if correction is None and analysis.instrument_ids and question_language(question) == "en":
            correction, evidence = self._attribution(question, analysis, evidence)
        if correction is None:
            refusal = self._refusal(question, evidence)
            if refusal:
                return abstention.abstain(refusal, hits[:RELATED_SHOWN])
        answer = composer.compose(evidence, correction, named=analysis.instrument_ids, parts=question_parts(question))
        if english_hits is not hits:
            answer = self.english.with_originals(answer, hits)
        if checklist.is_checklist_question(question) and correction is None:
            return composer.with_checklist(answer, checklist.build_checklist(question, english_hits), evidence)
        return answer

    def _attribution(self, question: str, analysis, evidence: list[composer.Evidence]):
        """A rule credited to the wrong instrument or article: (correction, evidence with the right provision)."""
        def source(item: composer.Evidence) -> Source:
            return Source(item.hit.instrument_id, item.hit.article, item.hit.label, item.hit.text)

        named_article = any(item.hit.match in ("exact", "article") for item in evidence)
        is_named = (lambda item: item.hit.match in ("exact", "article")) if named_article else (
            lambda item: item.hit.instrument_id in analysis.instrument_ids)
        named = [source(item) for item in evidence if is_named(item)]
        if not weakly_attributed(question, named):
            return None, evidence
        others = [item for item in evidence if not is_named(item)]
        scope = tuple(i for i in self.registry.core_ids() if i not in analysis.instrument_ids)
        if scope and not named_article:
            found = self.retriever.search(question, k=ATTRIBUTION_K, filters=SearchFilter(instrument_ids=scope, languages=("en",)))
            others += composer.gather_evidence(found.hits, content_terms(question))
        correction = attribution_conflict(question, named, [source(item) for item in others])
        if correction is None:
            return None, evidence
        right = next(item for item in others if correction.provision_sentence in item.hit.text)
        return correction, [right, *[item for item in evidence if item is not right]]

    def _refusal(self, question: str, evidence: list[composer.Evidence]) -> str | None:
        """Why the evidence does not answer the question (None when it does)."""
        if self._weakly_supported(question, evidence):
            return "no provision in the corpus deals with what the question asks"
        sentences = [s.text for item in evidence[:abstention.HITS_CHECKED] for s in item.sentences
                     if s.support >= MIN_FACT_SUPPORT]
        missing = answer_type.missing_answer(question, sentences, [item.hit.text for item in evidence[:abstention.HITS_CHECKED]])
        if missing:
            return f"the provisions that deal with the subject do not say it ({missing})"
        if abstention.fact_missing(question, evidence, MIN_FACT_SUPPORT):
            return "the texts that deal with the subject do not give the figure or date asked for"
        return None

    def _weakly_supported(self, question: str, evidence: list[composer.Evidence]) -> bool:
        """English question, no provision named or defined, and hardly any of its terms in the hits.
        (Other languages are not measured this way: their words do not occur in English texts.)"""
        if question_language(question) != "en":
            return False
        if any(item.hit.match in ("exact", "article", "definition") for item in evidence):
            return False
        return max(item.support for item in evidence) < MIN_SUPPORT

    def _generative(self, question: str, request: AnswerRequest, hits: list, fallback: Answer) -> Answer:
        return self.generator.answer(question, request.history, hits, fallback)
