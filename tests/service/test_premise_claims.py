"""Typed claims, premise contradictions by kind, attribution, answer types, and which provisions are cited."""

from __future__ import annotations

from retrieval.results import SearchHit
from service.answering import answer_type, claims, composer, premise
from service.answering.attribution import Source, attribution_conflict
from service.answering.english import question_parts
from service.answering.evidence import content_terms

PRESERVE = ("Any preservation effected in response to the request shall be for a period not less than sixty days, "
            "in order to enable the requesting Party to submit a request for the search.")
CHANNEL = ("Requests shall be transmitted to the central authorities designated by the States Parties. This requirement "
           "shall be without prejudice to the right of a State Party to require that such requests be addressed to it "
           "through diplomatic channels.")


def test_claims_are_typed_with_their_predicate():
    found = claims.read_claims("the requested State must refuse extradition of its nationals in 2022")
    kinds = {c.kind: c for c in found}
    assert kinds["modality"].value == "obligation" and kinds["modality"].verb == "refus"
    assert kinds["year"].value == "2022"
    assert claims.modalities("Translations of requests shall not be required.")[0].force == "exemption"
    assert claims.modalities("States Parties may, where appropriate, consider transferring proceedings")[0].force == "weak"
    assert claims.quantities("exceed 40 days from the date, with 14 member countries") == ((40.0, "day"), (14.0, "member|countri"))
    assert claims.event_years("the 1988 Convention entered into force") == []


def test_each_kind_of_false_premise_is_corrected():
    cases = {
        "quantity": ("Given that preserved data only has to be kept for 30 days, how do we extend it?", PRESERVE),
        "modality": ("Since migrants can be prosecuted for having been smuggled, what penalty applies?",
                     "Migrants shall not become liable to criminal prosecution under this Protocol for the fact of "
                     "having been the object of conduct set forth in article 6."),
        "exclusivity": ("Since requests may be sent only to the central authorities, which one is it?", CHANNEL),
        "direction": ("Given that the network shrank to 12 member countries, why did it lose members?",
                      "The network expanded from 12 to 14 member countries during the period."),
        "year": ("Since the day against organized crime was declared by the General Assembly in 2022, how is it marked?",
                 "In its resolution of 21 March 2024, the General Assembly declared 15 November the day against organized crime."),
    }
    for kind, (question, provision) in cases.items():
        found = premise.find_correction(question, [provision])
        assert found is not None and found.kind == kind, (kind, found)
    assert "sixty days" in premise.find_correction(cases["quantity"][0], [PRESERVE]).explanation


def test_true_premises_are_left_alone():
    assert premise.find_correction("Given that preserved data must be kept for sixty days, how do we extend it?", [PRESERVE]) is None
    assert premise.find_correction("Since requests must be transmitted to the central authorities, which one?", [CHANNEL]) is None
    assert premise.find_correction("What must a request contain?", [CHANNEL]) is None


def test_a_rule_credited_to_the_wrong_instrument_is_corrected():
    named = [Source("A", "32", "A art. 32", "The Conference of the Parties shall meet regularly.")]
    other = [Source("B", "32", "B art. 32", "A Party may, without the authorisation of another Party, access publicly "
                                                  "available stored computer data, regardless of where the data is located.")]
    found = attribution_conflict("Since A lets a Party access publicly available stored computer data without "
                                 "authorisation, what are the limits?", named, other)
    assert found is not None and "B art. 32" in found.explanation


def test_answer_types_need_an_answer_of_that_type():
    assert answer_type.expected_type("How much money did the donor give for the matrix?") == "money"
    assert answer_type.expected_type("How many cases were handled in 2021?") == "period_figure"
    assert answer_type.expected_type("What must a request contain?") == "provision"
    near_miss = ["In 2022 the network facilitated 89 cases.", "The matrix was developed with financial support of a donor."]
    assert answer_type.missing_answer("How many cases were handled in 2021?", near_miss)
    assert answer_type.missing_answer("How many cases were handled in 2022?", near_miss) is None
    assert answer_type.missing_answer("How much money did the donor give for the matrix?", near_miss)


def _hit(point_id: str, instrument: str, article: str, text: str) -> SearchHit:
    return SearchHit(point_id=point_id, score=1.0, match="hybrid", instrument_id=instrument, instrument_short=instrument,
                     label=f"{instrument} art. {article}", language="en", kind="article", text=text, article=article)


def test_supporting_provisions_are_quoted_the_rest_cited_as_see_also_and_each_named_instrument_gets_one():
    hits = [_hit("a", "A", "1", "A request for extradition shall be made in writing."),
            _hit("b", "A", "2", "Assistance may be refused on grounds of sovereignty."),
            _hit("c", "B", "7", "Requests for extradition shall be made in writing through diplomatic channels.")]
    evidence = composer.gather_evidence(hits, content_terms("How is a request for extradition made?"))
    answer = composer.compose(evidence)
    primary = [c.id for c in answer.citations if c.role == "primary"]
    assert primary in (["a", "c"], ["a"])
    assert "b" in {c.id for c in answer.citations if c.role == "see_also"}
    both = composer.compose(evidence, named=("A", "B"))
    assert {c.instrument_id for c in both.citations} == {"A", "B"}
    assert question_parts("What is X? And how is it sent?") == 2


def test_a_period_in_another_unit_is_compared_by_length():
    denounce = "Such denunciation shall take effect six months after the date of receipt of the notification."
    wrong = premise.find_correction("Given that denunciation takes effect one year after the notification, what now?", [denounce])
    assert wrong is not None and wrong.kind == "quantity" and "six months" in wrong.explanation
    assert premise.find_correction("Given that denunciation takes effect 26 weeks after the notification, what now?",
                                   [denounce]) is None  # 26 weeks is six months, within 5%


def test_every_year_of_an_assertion_must_be_in_the_sentence_reporting_the_event():
    report = ["The meeting was held in Vienna in June 2024 and its report was adopted in 2025.",
              "A survey was circulated in 2022 among central authorities."]
    wrong = premise.find_correction("The meeting was held in Vienna in June 2022 and its report was adopted in 2025. "
                                    "What did it decide?", report)
    assert wrong is not None and wrong.kind == "year"
    assert premise.find_correction("The meeting was held in Vienna in June 2024 and its report was adopted in 2025. "
                                   "What did it decide?", report) is None


def test_a_loosely_related_obligation_does_not_cancel_the_contradiction():
    texts = ["Each Party may grant pardon, amnesty or commutation of the sentence in accordance with its Constitution.",
             "A Party shall grant the commutation of a sentence of a transferred person only in accordance with its law."]
    wrong = premise.find_correction("Since each Party must grant pardon, amnesty or commutation of the sentence, "
                                    "what follows?", texts)
    assert wrong is not None and wrong.kind == "modality" and "may grant" in wrong.provision_sentence
