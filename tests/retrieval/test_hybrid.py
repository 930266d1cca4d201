"""The retriever on a small real index (UNTOC, ECE, ECMA and the 2024 report)."""

from __future__ import annotations

import pytest

from corpora.errors import InvalidRequestError
from retrieval.hybrid import Retriever
from retrieval.results import group_by_article
from retrieval.store import SearchFilter

UNTOC, ECE, ECMA, REPORT = "BWBV0001668", "BWBV0001010", "BWBV0001009", "CTOC-COP-2024-SECRETARIAT-IC"


@pytest.fixture(scope="module")
def retriever(small_index):
    return Retriever(small_index["store"], small_index["encoder"], small_index["registry"])


def test_small_index_was_built(small_index):
    summary = small_index["summary"]
    assert summary.updated == 4 and not summary.skipped
    assert small_index["store"].count(SearchFilter(instrument_ids=(UNTOC,), articles=("18",), languages=("en",))) == 30


def test_exact_citation_comes_first(retriever):
    result = retriever.search("What does UNTOC 18(15) require?", k=5)
    assert result.hits[0].label == "UNTOC art. 18(15)" and result.hits[0].match == "exact"
    assert result.hits[0].text.startswith("A request for mutual legal assistance shall contain")


def test_named_article_is_ranked_by_relevance(retriever):
    result = retriever.search("On what ground may a State refuse confiscation cooperation under article 13 of UNTOC?", k=5)
    assert all(hit.instrument_id == UNTOC and hit.article == "13" for hit in result.hits[:3])


def test_report_paragraph_lookup(retriever):
    result = retriever.search("What does paragraph 21 of the 2024 report say?", k=3)
    assert result.hits[0].label == "2024 Secretariat report para. 21"


def test_named_instrument_restricts_the_search(retriever):
    result = retriever.search("What language must the documents be in under the European Convention on Extradition?", k=5)
    assert {hit.instrument_id for hit in result.hits} == {ECE}
    assert any(hit.article == "23" for hit in result.hits)


def test_question_without_names_finds_the_provision(retriever):
    result = retriever.search("Can the requested State refuse mutual legal assistance on the ground of bank secrecy?", k=3)
    assert result.hits[0].label == "UNTOC art. 18(8)"
    assert result.analysis.instrument_ids == ()


def test_hits_are_unique_provisions_and_grouped(retriever):
    result = retriever.search("mutual legal assistance request channels central authority", k=10)
    keys = [hit.provision_key for hit in result.hits]
    assert len(keys) == len(set(keys)) == 10
    groups = group_by_article(result.hits)
    assert sum(len(group.hits) for group in groups) == 10
    assert all(len({(h.instrument_id, h.article) for h in group.hits}) == 1 for group in groups)


@pytest.mark.parametrize("mode", ["dense", "bm25"])
def test_single_retriever_modes(retriever, mode):
    result = retriever.search("controlled delivery", k=5, mode=mode)
    assert result.hits and all(hit.match in (mode, "exact", "article") for hit in result.hits)


def test_dutch_question_reaches_dutch_text(retriever):
    result = retriever.search("Welke gegevens moet een verzoek om wederzijdse rechtshulp bevatten volgens het Verdrag van Palermo?", k=5)
    assert result.analysis.language == "nl"
    assert any(hit.language == "nl" and hit.article == "18" for hit in result.hits)


def test_follow_up_carries_the_instrument_over(retriever):
    result = retriever.search("And what if the documents arrive late?", k=5,
                              history=["What must an extradition request under the European Convention on Extradition contain?"])
    assert result.analysis.instrument_ids == (ECE,)
    assert {hit.instrument_id for hit in result.hits} == {ECE}


def test_user_filters_win(retriever):
    result = retriever.search("mutual assistance", k=5, filters=SearchFilter(instrument_ids=(ECMA,), languages=("nl",)))
    assert {(hit.instrument_id, hit.language) for hit in result.hits} == {(ECMA, "nl")}


def test_empty_question_is_refused(retriever):
    with pytest.raises(InvalidRequestError, match="empty"):
        retriever.search("   ")


def test_french_question_is_glossed_to_english_terms(retriever):
    question = "Dans quelle langue les pièces d'une demande d'extradition doivent-elles être présentées selon la Convention européenne d'extradition ?"
    result = retriever.search(question, k=5)
    assert result.analysis.instrument_ids == (ECE,)
    assert {"language", "documents", "extradition"} <= set(result.analysis.english_gloss.split())
    assert ("23", None) in {(hit.article, hit.paragraph) for hit in result.hits}


def test_spanish_question_reaches_english_text(retriever):
    question = "¿Puede el Estado requerido denegar la asistencia judicial invocando el secreto bancario según la Convención de Palermo?"
    result = retriever.search(question, k=5)
    assert result.analysis.instrument_ids == (UNTOC,)
    assert any(hit.article == "18" and hit.paragraph == "8" for hit in result.hits)


def test_everyday_words_reach_treaty_terms(retriever):
    result = retriever.search("Can our witness testify over a video link under the Palermo Convention?", k=5)
    assert "video conference" in result.analysis.english_gloss
    assert any(hit.article == "18" and hit.paragraph == "18" for hit in result.hits)


def test_report_reference_to_the_convention_is_followed(retriever):
    question = "Paragraph 53 of the 2024 report: on which provision of UNTOC does it rest?"
    result = retriever.search(question, k=5)
    assert set(result.analysis.instrument_ids) == {REPORT, UNTOC}
    labels = [hit.label for hit in result.hits]
    assert "2024 Secretariat report para. 53" in labels
    cited = next(hit for hit in result.hits if hit.match == "reference")
    assert (cited.instrument_id, cited.article, cited.paragraph) == (UNTOC, "32", "3")
    assert labels.index(cited.label) == labels.index("2024 Secretariat report para. 53") + 1


def test_references_are_not_followed_into_instruments_not_named(retriever):
    result = retriever.search("What does the 2024 report say about constructive dialogues with non-governmental organizations?", k=5)
    assert all(hit.match != "reference" for hit in result.hits)


def test_best_other_paragraph_of_the_top_article_follows_it(retriever):
    result = retriever.search("Can extradition be refused because the offence was committed partly in the requested country's territory?", k=5)
    articles = [(hit.instrument_id, hit.article) for hit in result.hits]
    first = articles[0]
    assert first[1] is not None and articles[1] == first


def test_english_question_inside_named_instruments_leans_on_bm25(retriever):
    scoped = retriever._vectors(retriever.analyse("Can ECE extradition be refused for fiscal offences?"), "hybrid", scoped=True)
    assert scoped.multi is None and scoped.weights["bm25"] > scoped.weights["dense"]
    open_search = retriever._vectors(retriever.analyse("Can extradition be refused for fiscal offences?"), "hybrid")
    assert open_search.multi is not None
    dutch = retriever._vectors(retriever.analyse("Kan uitlevering worden geweigerd voor fiscale delicten?"), "hybrid", scoped=True)
    assert dutch.multi is not None


def test_weighted_fusion_is_done_in_process(retriever):
    vectors = retriever._vectors(retriever.analyse("fiscal offences"), "hybrid", scoped=True)
    hits = retriever._query(SearchFilter(instrument_ids=(ECE,), languages=("en",)), vectors, 5, "hybrid")
    assert len(hits) == 5 and all(hit.instrument_id == ECE for hit in hits)
    assert hits[0].article == "5"




def test_each_sentence_of_a_scenario_is_searched(retriever, monkeypatch):
    question = ("A bank in the requested State holds the accounts of the suspect and invokes bank secrecy. "
                "We also need the extradition request and its documents translated into the right language.")
    with_clauses = retriever.search(question, k=10)
    monkeypatch.setattr("retrieval.hybrid.clauses", lambda question: [])
    whole = retriever.search(question, k=10)
    # the second sentence's provision (ECE art. 23, language of the documents) is drowned by the first
    # sentence in the whole question, and comes back through its own search
    assert not any(hit.label == "ECE art. 23" for hit in whole.hits)
    assert any(hit.label == "ECE art. 23" for hit in with_clauses.hits)
    assert with_clauses.hits[0] == whole.hits[0]  # the whole question's best hit stays first


@pytest.fixture(scope="module")
def reranking(small_index):
    from retrieval.setup import build_retriever

    return build_retriever(small_index["settings"], small_index["store"], small_index["encoder"], small_index["registry"])


def test_e5_reorders_the_fused_candidates(reranking, retriever):
    question = "A person we sent abroad to testify fears he will be prosecuted there for crimes he committed before he left."
    reranked = reranking.search(question, k=10)
    fused = retriever.search(question, k=30)
    assert reranking.rerank_weight > 0
    assert {hit.provision_key for hit in reranked.hits} <= {hit.provision_key for hit in fused.hits}  # reordered, not widened
    assert [hit.label for hit in reranked.hits] != [hit.label for hit in fused.hits[:10]]


def test_named_provisions_are_not_reranked(reranking):
    result = reranking.search("What does UNTOC 18(15) require?", k=5)
    assert result.hits[0].label == "UNTOC art. 18(15)" and result.hits[0].match == "exact"


def test_missing_e5_model_turns_reranking_off_with_a_warning(small_index, retriever, tmp_path, caplog):
    from retrieval.e5_onnx import E5OnnxEncoder

    blind = Retriever(small_index["store"], small_index["encoder"], small_index["registry"],
                      e5_encoder=E5OnnxEncoder(tmp_path), rerank_weight=0.5)
    assert "make models" in blind.degraded()[0]  # told before the first question too (/readyz)
    question = "Can the requested State refuse mutual legal assistance on the ground of bank secrecy?"
    with caplog.at_level("WARNING", logger="retrieval.hybrid"):
        hits = blind.search(question, k=5).hits
    assert [hit.label for hit in hits] == [hit.label for hit in retriever.search(question, k=5).hits]
    assert "reranking is off" in caplog.text and "make models" in caplog.text
    assert blind.rerank_weight == 0 and "reranking is off" in blind.degraded()[0]
