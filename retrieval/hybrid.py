"""Question -> ranked provisions: exact citation lookup, then hybrid dense + BM25 (RRF in Qdrant)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import Literal

from corpora.errors import InvalidRequestError, ModelError
from corpora.glossary import Glossary
from corpora.language import question_language
from corpora.registry import Registry
from retrieval import sparse
from retrieval.citations import CitationRef, find_citations
from retrieval.clauses import clauses
from retrieval.cross_refs import references_out, with_cited
from retrieval.dense import DenseEncoder
from retrieval.e5_onnx import E5OnnxEncoder
from retrieval.fusion import dedupe, fuse_keeping_first, interleave, pull_siblings, reciprocal_rank_fusion
from retrieval.question_terms import asked_terms
from retrieval.results import SearchHit
from retrieval.multilingual import MultilingualEncoder
from retrieval.store import QueryVectors, SearchFilter, VectorStore

_log = logging.getLogger(__name__)
RetrieverMode = Literal["hybrid", "dense", "bm25", "multi"]
CORPUS_LANGUAGES = ("en", "fr", "nl")
MAX_PER_INSTRUMENT_QUERIES = 4
#: Cross-references are followed from this many of the top hits.
FOLLOW_REFERENCES_FROM = 5
#: The best other paragraph of each of the first articles is moved up behind its best one: an
#: answer often spans a rule and its exception or its conditions (art. 7(1) and 7(2)).
SIBLING_ARTICLES = 2
#: A question of several sentences: each sentence is searched with BM25 alone (no embedding: a
#: few ms) within the question's scope, and these rankings are fused with the whole question's,
#: each weighing ``CLAUSE_WEIGHT`` against 1. The whole question is ranked ``CLAUSE_DEPTH`` deep.
CLAUSE_WEIGHT = 1.0
CLAUSE_DEPTH = 30
#: The fused candidates (this many) are reordered by e5 (multilingual-e5-small): its ranking of
#: their English versions (the best ``RERANK_POOL`` English chunks of their instruments) is fused
#: with theirs, weighing ``rerank_weight`` against 1 (setting ``PALERMO_RERANK_WEIGHT``).
RERANK_DEPTH = 30
RERANK_POOL = 150
#: Fusion weights of the retrievers (reciprocal ranks are multiplied by them). An English
#: question leans on BM25 (with the glossary's expansion it is the strongest ranker) and least
#: on the multilingual vector, which is there to cross languages.
ENGLISH_WEIGHTS = {"dense": 1.0, "multi": 0.5, "bm25": 2.0}
OTHER_LANGUAGE_WEIGHTS = {"dense": 0.5, "multi": 2.0, "bm25": 1.0}
#: English question inside named instruments: every provision there is on the topic, and the
#: exact wording (BM25) tells paragraphs apart best; the multilingual vector, there to cross
#: languages, is the weakest ranker there and is left out (and not computed).
SCOPED_ENGLISH_WEIGHTS = {"dense": 1.0, "bm25": 2.0}
#: Another language with an English gloss: MiniLM reads the gloss, so it counts again.
GLOSSED_WEIGHTS = {"dense": 1.0, "multi": 1.0, "bm25": 1.0}


@dataclass(frozen=True)
class QuestionAnalysis:
    """What the retriever read from the question (and the conversation before it)."""

    language: str
    instrument_ids: tuple[str, ...]
    citations: tuple[CitationRef, ...]
    query_text: str
    terms: tuple[str, ...] = ()
    english_gloss: str = ""


@dataclass
class SearchResult:
    """Ranked provision hits plus the analysis and timings behind them."""

    hits: list[SearchHit]
    analysis: QuestionAnalysis
    timings_ms: dict[str, float] = field(default_factory=dict)


class Retriever:
    """Cheap to build; shares the store and the dense encoder it is given."""

    def __init__(
        self, store: VectorStore, encoder: DenseEncoder, registry: Registry, *,
        multi_encoder: MultilingualEncoder | None = None, prefetch: int = 60, rrf_k: int = 60,
        glossary: Glossary | None = None, e5_encoder: E5OnnxEncoder | None = None, rerank_weight: float = 0.0,
    ) -> None:
        self.store = store
        self.e5_encoder = e5_encoder
        self.rerank_weight = rerank_weight if e5_encoder is not None else 0.0
        self._rerank_problem: str | None = None
        self.glossary = glossary or Glossary.load()
        self.encoder = encoder
        self.multi_encoder = multi_encoder or MultilingualEncoder()
        self.registry = registry
        self.prefetch = prefetch
        self.rrf_k = rrf_k

    def analyse(self, question: str, history: list[str] | None = None) -> QuestionAnalysis:
        """Language, instruments named (here or earlier in the conversation) and explicit citations."""
        earlier = " ".join(history or [])
        mentions = self.registry.find_mentions(question) or self.registry.find_mentions(earlier)
        instrument_ids = tuple(dict.fromkeys(i for mention in mentions for i in mention.instrument_ids))
        query_text = _without_mentions(f"{earlier} {question}".strip() if earlier else question, self.registry)
        language = question_language(question)
        return QuestionAnalysis(
            language=language,
            instrument_ids=instrument_ids,
            citations=tuple(find_citations(question, self.registry)),
            query_text=query_text,
            terms=asked_terms(question),
            english_gloss=self.glossary.gloss(query_text, language),
        )

    def search(
        self, question: str, *, k: int = 10, mode: RetrieverMode = "hybrid",
        filters: SearchFilter | None = None, history: list[str] | None = None,
    ) -> SearchResult:
        """Top ``k`` provisions for the question, deduplicated across languages and parts."""
        if not question or not question.strip():
            raise InvalidRequestError("the question is empty")
        started = time.perf_counter()
        analysis = self.analyse(question, history)
        base = self._scope(filters or SearchFilter(), analysis)
        parts = clauses(question) if mode == "hybrid" and not analysis.citations else []
        rerank = mode == "hybrid" and not analysis.citations and self.rerank_weight > 0
        depth = max(k, CLAUSE_DEPTH if parts else k, RERANK_DEPTH if rerank else k)
        # inside named instruments an English question can do without the multilingual vector,
        # unless the caller asked for other languages only (MiniLM and e5 are on English chunks)
        vectors = self._vectors(analysis, mode, scoped=bool(base.instrument_ids) and "en" in base.languages)
        embedded = time.perf_counter()
        ranked = self._cited(analysis, base, vectors, depth)
        ranked += self._definitions(analysis, base)
        ranked += self._general(analysis, base, vectors, depth, mode)
        unique = dedupe(ranked, key=lambda hit: hit.provision_key)
        if not analysis.citations:  # named provisions have their own order
            unique = pull_siblings(unique, _article_of, groups=SIBLING_ARTICLES)
        unique = self._with_references(unique[:depth], analysis, base)
        hits = self._in_language(dedupe(unique, key=lambda hit: hit.provision_key)[:depth], base, analysis.language)
        if parts:
            hits = self._with_clauses(hits, parts, analysis, base, depth)
        if rerank:
            hits = self._reranked(hits, analysis)
        hits = hits[:k]
        finished = time.perf_counter()
        timings = {"embed": (embedded - started) * 1000, "query": (finished - embedded) * 1000}
        return SearchResult(hits, analysis, timings)

    def _with_clauses(
        self, hits: list[SearchHit], parts: list[str], analysis: QuestionAnalysis, scope: SearchFilter, depth: int,
    ) -> list[SearchHit]:
        """The whole question's ranking fused with a BM25 ranking of each of its sentences (in the
        same scope); the whole question's best hit stays first."""
        found = []
        for part in parts:
            clause = replace(analysis, query_text=part, english_gloss=self.glossary.gloss(part, analysis.language))
            ranked = dedupe(self._general(clause, scope, self._vectors(clause, "bm25"), depth, "bm25"), key=_provision)
            found.append((ranked, CLAUSE_WEIGHT))
        return fuse_keeping_first(hits, found, _provision, self.rrf_k)

    def degraded(self) -> list[str]:
        """What runs below its configuration (for ``/readyz``): the reranker without its model."""
        if self._rerank_problem:
            return [self._rerank_problem]
        if self.rerank_weight > 0 and self.e5_encoder is not None and not self.e5_encoder.available():
            return [f"reranking is off: the e5 model is missing at {self.e5_encoder.model_file}; "
                    f"run {self.e5_encoder.rebuild}"]
        return []

    def _reranked(self, hits: list[SearchHit], analysis: QuestionAnalysis) -> list[SearchHit]:
        """The candidates reordered with e5 (see ``RERANK_DEPTH``); a provision without an English
        version keeps its fused rank alone. Without the e5 model: unchanged, with a warning."""
        if len(hits) < 2 or self.e5_encoder is None:
            return hits
        try:
            query = self.e5_encoder.embed_query(analysis.query_text)
        except ModelError as exc:
            self._rerank_problem = f"reranking is off: {exc.detail}"
            _log.warning(self._rerank_problem)
            self.rerank_weight = 0.0
            return hits
        flt = SearchFilter(instrument_ids=tuple(dict.fromkeys(hit.instrument_id for hit in hits)), languages=("en",))
        candidates = {hit.provision_key for hit in hits}
        found = [SearchHit.from_hit(hit, "e5") for hit in self.store.query(QueryVectors(e5=query), flt, RERANK_POOL,
                                                                         self.prefetch, self.rrf_k)]
        ranked = [hit for hit in dedupe(found, key=_provision) if hit.provision_key in candidates]  # reorder, not widen
        return fuse_keeping_first(hits, [(ranked, self.rerank_weight)], _provision, self.rrf_k)

    def _scope(self, filters: SearchFilter, analysis: QuestionAnalysis) -> SearchFilter:
        """Named instruments restrict the search unless the caller chose instruments."""
        scoped = filters
        if not filters.instrument_ids and analysis.instrument_ids:
            scoped = replace(scoped, instrument_ids=analysis.instrument_ids)
        if not filters.languages:
            preferred = analysis.language if analysis.language in CORPUS_LANGUAGES else "en"
            scoped = replace(scoped, languages=tuple(dict.fromkeys((preferred, "en"))))
        return scoped

    def _vectors(self, analysis: QuestionAnalysis, mode: RetrieverMode, scoped: bool = False) -> QueryVectors:
        """The question's vectors for the chosen retrievers. The glossary's treaty words for the
        question's own words (its gloss) are added to an English question (query expansion) and
        stand in for another language's words where MiniLM and BM25 need English. A question in
        another language leans on the multilingual vector, the one that crosses languages; an
        English question searched inside named instruments leans on BM25 and does without it."""
        text, gloss = analysis.query_text, analysis.english_gloss
        english = analysis.language == "en"
        dense_text = f"{text} {gloss}".strip() if english else (gloss or text)
        bm25 = None
        if mode in ("hybrid", "bm25"):
            bm25 = sparse.embed_query(text, analysis.language)
            if gloss:
                bm25 = sparse.merge(bm25, sparse.embed_query(gloss, "en"))
        within = english and scoped and mode == "hybrid"
        return QueryVectors(
            dense=self.encoder.embed_query(dense_text) if mode in ("hybrid", "dense") else None,
            multi=self.multi_encoder.embed_query(text) if mode == "multi" or (mode == "hybrid" and not within) else None,
            sparse=bm25,
            weights=_weights(english, bool(gloss), within),
        )

    def _query(self, flt: SearchFilter, vectors: QueryVectors, limit: int, mode: str) -> list[SearchHit]:
        """Fused in Qdrant when the retrievers weigh the same, else fused here (weighted RRF)."""
        if len({weight for _, _, weight in vectors.stages()}) <= 1:
            hits = self.store.query(vectors, flt, limit, self.prefetch, self.rrf_k)
        else:
            hits = self._weighted_fusion(flt, vectors, limit)
        return [SearchHit.from_hit(hit, mode) for hit in hits]

    def _weighted_fusion(self, flt: SearchFilter, vectors: QueryVectors, limit: int) -> list:
        """One query per retriever, fused by weighted reciprocal rank."""
        rankings, weights, by_id = [], [], {}
        for single, weight in vectors.separately():
            hits = self.store.query(single, flt, self.prefetch, self.prefetch, self.rrf_k)
            by_id.update((hit.id, hit) for hit in hits)
            rankings.append([hit.id for hit in hits])
            weights.append(weight)
        return [by_id[point_id] for point_id in reciprocal_rank_fusion(rankings, self.rrf_k, weights)[:limit]]

    def _cited(self, analysis: QuestionAnalysis, base: SearchFilter, vectors: QueryVectors, k: int) -> list[SearchHit]:
        """Provisions the question names: exact paragraphs first, then the named articles, each ranked
        by relevance and completed in reading order, interleaved when several articles are named."""
        exact: list[SearchHit] = []
        per_article: list[list[SearchHit]] = []
        for ref in analysis.citations:
            instruments = ref.instrument_ids or base.instrument_ids
            if not instruments:
                continue
            flt = replace(base, instrument_ids=instruments, articles=(ref.article,) if ref.article else ())
            if ref.paragraph:
                found = self.store.lookup(replace(flt, paragraphs=(ref.paragraph,)))
                exact += [SearchHit.from_hit(hit, "exact") for hit in sorted(found, key=_reading_order)]
            if ref.article:
                ranked = self._query(flt, vectors, k * 3, "article")
                named = self.store.lookup(flt)  # shown even when no word of the question occurs in it
                per_article.append(ranked + [SearchHit.from_hit(hit, "article") for hit in sorted(named, key=_reading_order)])
        return exact + interleave([dedupe(hits, key=lambda hit: hit.provision_key) for hits in per_article])

    def _with_references(self, hits: list[SearchHit], analysis: QuestionAnalysis, base: SearchFilter) -> list[SearchHit]:
        """After each of the first hits, the provisions it cites in another instrument the question
        names ("article 32, paragraph 3, of the Convention" in the report, when UNTOC is named too)."""
        named = set(analysis.instrument_ids)
        if len(named) < 2:
            return hits
        cited: dict[str, list[SearchHit]] = {}
        for hit in hits[:FOLLOW_REFERENCES_FROM]:
            for ref in references_out(hit, self.registry) if hit.instrument_id in named else ():
                targets = tuple(i for i in ref.instrument_ids if i in named)
                paragraphs = (ref.paragraph,) if ref.paragraph else ()
                found = self.store.lookup(replace(base, instrument_ids=targets, articles=(ref.article,), paragraphs=paragraphs)) if targets else []
                cited.setdefault(hit.point_id, []).extend(SearchHit.from_hit(h, "reference") for h in sorted(found, key=_reading_order)[:1])
        return with_cited(hits, cited)

    def _in_language(self, hits: list[SearchHit], base: SearchFilter, language: str) -> list[SearchHit]:
        """Each hit shown in the question's language when the corpus has that version (the rank
        stays that of the provision's best version, often the English one)."""
        if language == "en" or language not in base.languages or not hits:
            return hits
        flt = replace(base, instrument_ids=tuple({hit.instrument_id for hit in hits}), languages=(language,),
                      articles=tuple({hit.article for hit in hits if hit.article}))
        own: dict[tuple[str, str], SearchHit] = {}
        for found in sorted(self.store.lookup(flt, limit=1024), key=_reading_order, reverse=True):
            hit = SearchHit.from_hit(found, "")
            own[hit.provision_key] = hit
        return [replace(own[hit.provision_key], score=hit.score, match=hit.match) if hit.provision_key in own else hit
                for hit in hits]

    def _definitions(self, analysis: QuestionAnalysis, base: SearchFilter) -> list[SearchHit]:
        """Provisions defining a term the question asks about (in the scoped instruments)."""
        if not analysis.terms:
            return []
        hits = self.store.lookup(replace(base, defines=analysis.terms), limit=50)
        return [SearchHit.from_hit(hit, "definition") for hit in sorted(hits, key=_definition_order)]

    def _general(
        self, analysis: QuestionAnalysis, base: SearchFilter, vectors: QueryVectors, k: int, mode: str
    ) -> list[SearchHit]:
        """Hybrid search without preambles. Several named instruments: one query each, interleaved.
        No instrument named: the whole corpus fused with the core instruments (RRF)."""
        flt = base if base.kinds else replace(base, exclude_kinds=("preamble",))
        instruments = flt.instrument_ids
        limit = k * 3
        if 1 < len(instruments) <= MAX_PER_INSTRUMENT_QUERIES and not analysis.citations:
            return interleave([
                self._query(replace(flt, instrument_ids=(instrument,)), vectors, limit, mode)
                for instrument in instruments
            ])
        general = self._query(flt, vectors, limit, mode)
        core = self.registry.core_ids()
        if instruments or not core:
            return general
        preferred = self._query(replace(flt, instrument_ids=core), vectors, limit, mode)
        by_id = {hit.point_id: hit for hit in preferred + general}
        fused = reciprocal_rank_fusion([[h.point_id for h in preferred], [h.point_id for h in general]], k=self.rrf_k)
        return [by_id[point_id] for point_id in fused]


def _without_mentions(text: str, registry: Registry) -> str:
    """The question without instrument names: they become filters, and as words they only add noise."""
    for mention in reversed(registry.find_mentions(text)):
        text = text[: mention.start] + text[mention.end :]
    return " ".join(text.split()) or text


def _weights(english: bool, glossed: bool, within_named: bool) -> dict[str, float]:
    """Fusion weights for the question's language and scope."""
    if english:
        return SCOPED_ENGLISH_WEIGHTS if within_named else ENGLISH_WEIGHTS
    return GLOSSED_WEIGHTS if glossed else OTHER_LANGUAGE_WEIGHTS


def _provision(hit: SearchHit) -> tuple[str, str]:
    """The provision a hit cites, whatever its language or part."""
    return hit.provision_key


def _article_of(hit: SearchHit) -> tuple[str, str] | None:
    """The article a hit belongs to (None for report paragraphs and unnumbered text)."""
    return (hit.instrument_id, hit.article) if hit.article else None


def _definition_order(hit) -> tuple:
    """Core instruments' definitions first, then in reading order."""
    return (not hit.payload.get("instrument_core", False), *_reading_order(hit))


def _reading_order(hit) -> tuple[bool, int, int]:
    payload = hit.payload
    return (payload.get("language") != "en", int(payload.get("order", 0)), int(payload.get("part", 0)))
