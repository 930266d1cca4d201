"""A question in Dutch with the tiny nl->en package installed: translated for retrieval, answered
from the same provisions as the English question, the quotes left in their authentic text."""

from __future__ import annotations

from retrieval.hybrid import Retriever
from service.answering.answerer import Answerer
from service.answering.records import AnswerRequest

DUTCH = "De aangezochte Staat weigert uitlevering onverwijld."


def test_dutch_question_is_translated_for_retrieval(small_index, translator):
    retriever = Retriever(small_index["store"], small_index["encoder"], small_index["registry"])
    answerer = Answerer(retriever, small_index["registry"], translator=translator)
    english = translator.translate_text(DUTCH, "nl", "en").text
    assert "extradition" in english.lower()
    answer = answerer.ask(AnswerRequest(DUTCH))
    assert answer.translation["question_language"] == "nl"
    assert answer.translation["question_in_english"] == english and answer.translation["route"] == ["nl", "en"]
    direct = answerer.ask(AnswerRequest(english))
    assert [c.label for c in answer.citations] == [c.label for c in direct.citations]
    assert all(c.quote for c in answer.citations)


def test_without_a_pair_the_question_is_used_as_asked(small_index, translator):
    retriever = Retriever(small_index["store"], small_index["encoder"], small_index["registry"])
    answerer = Answerer(retriever, small_index["registry"], translator=translator)
    answer = answerer.ask(AnswerRequest("¿Puede el Estado requerido denegar la extradición de sus nacionales?"))
    assert answer.translation == {}  # no es->en package: the multilingual vector carries retrieval
    assert answer.citations
