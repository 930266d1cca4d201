"""Translation with real (tiny) argostranslate packages: direct, batch, pivot, glossary, protected spans."""

from __future__ import annotations

import pytest

from corpora.errors import InvalidRequestError, UnsupportedLanguagePairError
from corpora.termbase import Termbase, TermEntry


def test_translates_a_sentence(translator):
    result = translator.translate_text("De rechtbank weigert het verzoek.", "nl", "en")
    assert result.text == "The court refuses the request."
    assert result.route == ["nl", "en"] and result.pivot is None


def test_batch_keeps_order_lines_and_blank_lines(translator):
    texts = ["De minister zendt de stukken.", "", "De rechtbank ontvangt het bewijs.\n\n  De centrale autoriteit onderzoekt de beslissing."]
    results = translator.translate_texts(texts, "nl", "en")
    assert [r.text for r in results] == [
        "The Minister sends the documents.", "",
        "The court receives the evidence.\n\n  The central authority examines the decision.",
    ]


def test_several_sentences_on_one_line(translator):
    result = translator.translate_text("De rechtbank weigert uitlevering. De minister zendt het verzoek.", "nl", "en")
    assert result.text == "The court refuses extradition. The Minister sends the request."


def test_pivot_through_english(translator):
    assert translator.can_translate("nl", "fr") and not translator.can_translate("fr", "nl")
    result = translator.translate_text("De minister zendt het verzoek.", "nl", "fr")
    assert result.route == ["nl", "en", "fr"] and result.pivot == "en"
    assert result.text == "Le ministre envoie la demande."


def test_builtin_termbase_is_enforced_and_reported(translator):
    result = translator.translate_text("De aangezochte Staat verleent wederzijdse rechtshulp.", "nl", "en")
    assert result.text == "The requested State grants mutual legal assistance."
    assert [(a.entry_id, a.termbase, a.count) for a in result.applied] == [("mutual-legal-assistance", "treaty-headings-en-nl", 1)]


def test_request_glossary_wins_over_the_model(translator):
    # the model says "extradition"; the glossary demands "surrender", and gets it every time
    glossary = Termbase("request", [TermEntry("surrender", "Surrender", {"nl": ("uitlevering",), "en": ("surrender",)}, termbase="request")])
    result = translator.translate_text("Uitlevering. De rechtbank weigert uitlevering op grond van artikel 5.", "nl", "en", glossary=glossary)
    assert result.text == "Surrender. The court refuses surrender under article 5."
    assert [(a.entry_id, a.count) for a in result.applied] == [("surrender", 2)]
    plain = translator.translate_text("De rechtbank weigert uitlevering.", "nl", "en", use_termbases=False)
    assert plain.text == "The court refuses extradition." and plain.applied == []


def test_protected_spans_pass_through(translator):
    text = ("De minister zendt het verzoek op grond van artikel 18(15). De rechtbank ontvangt de stukken in dossier 2024/123-AB. "
            "De rechtbank ontvangt de stukken op 12.03.2024. De centrale autoriteit zendt de beslissing aan mlat@justitie.nl. "
            "De officier van justitie zendt de vertaling aan https://example.org/requests/7.")
    result = translator.translate_text(text, "nl", "en")
    for span in ("18(15)", "2024/123-AB", "12.03.2024", "mlat@justitie.nl", "https://example.org/requests/7"):
        assert span in result.text
    assert result.text.startswith("The Minister sends the request under article 18(15). The court receives the documents in file 2024/123-AB.")
    assert result.protected == 5 and result.warnings == []


def test_auto_detection(translator):
    result = translator.translate_text("De aangezochte Staat weigert de beslissing schriftelijk.", "auto", "en")
    assert result.source == "nl" and result.detected.language == "nl" and result.detected.confidence > 0.5
    assert result.text == "The requested State refuses the decision in writing."
    assert translator.detect("The requested State shall execute the request without delay.")[0].language == "en"


def test_unknown_pair_lists_installed_pairs_and_missing_pivot(translator):
    with pytest.raises(UnsupportedLanguagePairError) as caught:
        translator.translate_text("De rechtbank weigert het verzoek.", "nl", "de")
    assert caught.value.status == 422
    assert "en->fr" in caught.value.detail and "nl->en" in caught.value.detail and "en->de" in caught.value.detail
    assert not translator.can_translate("fr", "en")


def test_empty_text_is_an_empty_result_and_bad_codes_are_refused(translator):
    assert translator.translate_text("", "nl", "en").text == ""
    assert translator.translate_text("  \n ", "auto", "en").text == "  \n "
    with pytest.raises(InvalidRequestError):
        translator.translate_text("De rechtbank.", "nl", "../en")


def test_languages_include_pivots(translator):
    by_code = {info.code: info for info in translator.languages()}
    assert by_code["nl"].targets == ("en", "fr") and by_code["nl"].direct_targets == ("en",)
    assert by_code["en"].targets == ("fr",)
