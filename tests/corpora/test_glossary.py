"""The cooperation-term glossary: English glosses of French, Spanish and Dutch questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.errors import CorpusError
from corpora.glossary import Glossary, fold_accents


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def test_fold_accents_keeps_offsets():
    text = "Convención de Viena, d’extradition, ÉTAT requis"
    folded = fold_accents(text)
    assert folded == "convencion de viena, d'extradition, etat requis"
    assert len(folded) == len(text)


def test_glossary_covers_the_question_languages(glossary):
    assert set(glossary.languages()) == {"en", "fr", "es", "nl"}


@pytest.mark.parametrize(
    ("language", "question", "expected"),
    [
        ("fr", "Quels sont les motifs de refus d'une demande d'entraide judiciaire ?", {"refusal", "mutual legal assistance"}),
        ("es", "¿Puede denegarse la extradición de nacionales?", {"refuse", "extradition", "nationals"}),
        ("es", "personas condenadas y entregas vigiladas", {"sentenced persons", "controlled delivery"}),
        ("nl", "Kan de aangezochte Partij de uitlevering van onderdanen weigeren?", {"requested", "extradition", "nationals"}),
        ("nl", "een buitenlands vonnis ten uitvoer te leggen", {"foreign", "enforce"}),
    ],
)
def test_gloss_finds_inflected_terms(glossary, language, question, expected):
    gloss = glossary.gloss(question, language)
    assert all(term in gloss for term in expected), gloss


def test_longest_phrase_wins(glossary):
    assert glossary.gloss("livraison surveillée", "fr") == "controlled delivery"


def test_treaty_words_and_unknown_languages_have_no_gloss(glossary):
    assert glossary.gloss("mutual legal assistance", "en") == ""  # already the treaty's words
    assert glossary.gloss("Auslieferung", "de") == ""


def test_extra_glossary_file_is_merged(tmp_path: Path):
    extra = tmp_path / "extra.toml"
    extra.write_text('[nl]\n"rechtshulpverzoek" = "request for mutual legal assistance"\n', encoding="utf-8")
    glossary = Glossary.load([extra])
    assert glossary.gloss("een rechtshulpverzoek", "nl") == "request for mutual legal assistance"


def test_bad_glossary_language_is_reported(tmp_path: Path):
    extra = tmp_path / "bad.toml"
    extra.write_text('[xx]\n"a" = "b"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="xx"):
        Glossary.load([extra])


def test_everyday_english_is_expanded_to_treaty_words(glossary):
    gloss = glossary.gloss("The fugitive's company paid a bribe; can his house by the lake be frozen?", "en")
    assert {"person sought", "legal person", "bribery", "property", "freezing"} <= set(_phrases(gloss))


def test_longer_english_phrase_wins_over_its_word(glossary):
    assert "property" not in glossary.gloss("transfer to his home country", "en")


def _phrases(gloss: str) -> set[str]:
    words = gloss.split()
    return {" ".join(words[i : i + n]) for n in (1, 2) for i in range(len(words))}
