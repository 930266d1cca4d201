"""The language of a question, including those written in non-Latin scripts."""

from __future__ import annotations

import pytest

from corpora.language import question_language, script_language


@pytest.mark.parametrize(("text", "code"), [
    ("Какие сведения должна содержать просьба о выдаче по UNTOC?", "ru"),
    ("ما هي شروط التسليم المراقب بموجب UNTOC؟", "ar"),
    ("根据UNTOC第16条，引渡请求应包含哪些内容？", "zh"),
    ("Welche Angaben muss ein Rechtshilfeersuchen nach dem Übereinkommen enthalten?", "de"),
    ("What must a request for mutual legal assistance contain?", "en"),
    ("?!…", "en"),
])
def test_question_language(text, code):
    assert question_language(text) == code


def test_latin_text_with_a_few_foreign_letters_stays_latin():
    assert script_language("The Convention on Cybercrime (Будапешт) applies to data stored abroad") is None
