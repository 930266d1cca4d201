"""Pure parts of answering: scope, premises, facts asked, evidence, verifier, quotes."""

from __future__ import annotations

from retrieval.results import SearchHit
from service.answering import abstention, composer, premise, scope
from service.answering.evidence import content_terms, coverage
from service.answering.verifier import cited_numbers, verify


def test_out_of_scope_questions_are_recognised():
    assert "contact details" in scope.out_of_scope_reason("What is the phone number of the Belgian central authority?", 2024)
    assert "after 2024" in scope.out_of_scope_reason("Which States ratified UNCAC in 2026?", 2024)
    assert "domestic law" in scope.out_of_scope_reason("What is the penalty for fraud under Italian law?", 2024)
    assert "domestic law" in scope.out_of_scope_reason("What does the criminal code of France say on bribery?", 2024)
    assert "statistics" in scope.out_of_scope_reason("How many MLA requests did Spain receive from Peru?", 2024)


def test_in_scope_questions_are_not_refused():
    for question in (
        "What must a request for mutual legal assistance contain under UNTOC?",
        "Our partner's law lets it extradite nationals only if they are returned. Is that enough?",
        "Can proceedings be brought in the latter's courts under the 1959 Convention?",
        "What did the 2024 report say about the 2023 meeting?",
        "Under European law, what is a joint investigation team?",
    ):
        assert scope.out_of_scope_reason(question, 2024) is None, question


def test_premises_are_the_assertions_of_a_question():
    assert premise.premises("Since UNTOC requires a treaty, which one applies?") == ["UNTOC requires a treaty"]
    assert premise.premises("The Convention obliges States to extradite. When?") == ["The Convention obliges States to extradite."]
    assert premise.premises("What does article 16 require?") == []


def test_quantity_and_obligation_conflicts():
    provision = "It shall not, in any event, exceed 40 days from the date of such arrest."
    assert "40 days" in premise.quantity_conflict("provisional arrest may last ninety days", provision)
    assert premise.quantity_conflict("provisional arrest may last forty days", provision) is None
    weak = "States Parties shall consider concluding bilateral agreements on joint investigative bodies."
    assert "shall consider" in premise.obligation_conflict("UNCAC obliges States to set up joint bodies", weak)
    assert premise.obligation_conflict("UNCAC allows joint bodies", weak) is None


def test_fact_questions_need_the_fact():
    assert abstention.asked_fact("How many requests were sent in 2023?") == "count"
    assert abstention.asked_fact("On what dates will the Congress be held?") == "date"
    assert abstention.asked_fact("How much of the property can be confiscated?") is None
    assert abstention.has_fact("The database holds 390,151 documents.", "count")
    assert not abstention.has_fact("Under article 18, paragraph 9 of the Convention in 2023.", "count")
    assert abstention.has_fact("It met on 3 June 2024 in Vienna.", "date")


def test_coverage_uses_stems_and_ignores_stop_words():
    terms = content_terms("Can the requested State refuse extradition of its nationals?")
    assert "extradit" in terms and "the" not in terms
    assert coverage(terms, "A Party may refuse to extradite its own nationals.") > 0.6
    assert coverage(terms, "Each Party shall designate a central authority.") == 0.0


def _hit(text: str, label: str = "X art. 1(1)", point_id: str = "p1") -> SearchHit:
    return SearchHit(point_id=point_id, score=1.0, match="hybrid", instrument_id="X", instrument_short="X",
                     label=label, language="en", kind="article", text=text, article="1", paragraph="1")


def test_long_provisions_are_quoted_by_their_relevant_sentences_with_the_list_stem():
    filler = " ".join(f"Sentence {n} is about unrelated procedure and archives." for n in range(40))
    text = (f"{filler} A State Party that receives a request for confiscation shall: a) submit the request to its "
            "competent authorities to obtain an order of confiscation; b) submit the order to give effect to it.")
    [item] = composer.gather_evidence([_hit(text)], content_terms("How do we give effect to a confiscation request?"))
    quote = composer.quote_of(item)
    assert "order of confiscation" in quote and "give effect" in quote
    assert len(quote) <= composer.MAX_QUOTE_CHARS + 20 and "archives" not in quote


def test_verifier_keeps_flags_and_removes():
    sources = {1: ("p1", "Provisional arrest shall not, in any event, exceed 40 days from the date of such arrest."),
               2: ("p2", "Each Party shall designate a central authority for requests.")}
    checked = verify([
        "Provisional arrest shall not exceed 40 days from the arrest [1].",     # supported
        "Provisional arrest shall not exceed 60 days [1].",                     # wrong figure
        "Each Party designates a central authority [7].",                       # source 7 was not retrieved
        "The central authority must answer within a week [2].",                 # barely supported
        "Extradition is always granted.",                                       # no citation
    ], sources)
    assert checked.kept == 1 and checked.sentences[0].citation_ids == ("p1",)
    assert checked.rejected_citations == 1
    assert checked.removed + checked.flagged == 4
    assert cited_numbers("A [1] and B [2, 3].") == [1, 2, 3]
    noise = verify(["EC [1].", "Write at most four short sentences [1]."], sources, instructions="Write at most four short sentences.")
    assert noise.kept == 0 and noise.flagged == 0 and noise.removed == 2


def test_prompt_formats_for_local_models():
    import pytest
    from llama_index.core.llms import ChatMessage

    from corpora.errors import ConfigurationError
    from service.answering.prompt_formats import prompt_format

    messages = [ChatMessage(role="system", content="Cite sources."), ChatMessage(role="user", content="Q?")]
    assert prompt_format("gemma")(messages) == ("<start_of_turn>user\nCite sources.\n\nQ?<end_of_turn>\n"
                                                "<start_of_turn>model\n")
    assert prompt_format("chatml")(messages).endswith("<|im_start|>assistant\n")
    with pytest.raises(ConfigurationError, match="chatml"):
        prompt_format("klingon")
