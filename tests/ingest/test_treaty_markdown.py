"""Tests for ingest.treaty_markdown: Markdown treaty files of the Dutch treaty collection."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from corpora.errors import DocumentError
from corpora.records import Provision
from corpora.language import guess_language
from ingest.markdown_cleaning import clean_body, clean_inline, is_editorial
from ingest.treaty_headings import classify_heading
from ingest.treaty_markdown import parse_treaty_markdown
from ingest.treaty_paragraphs import split_numbered_paragraphs

META = "<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />\n\n"

EN_ART_1 = "The purpose of this Convention is to promote cooperation to prevent and combat crime more effectively. "
EN_ART_2 = (
    "1.   States Parties shall afford one another the widest measure of mutual legal assistance. \n"
    "2.   A request for mutual legal assistance shall contain: \n\n"
    "a) The identity of the authority making the request;  \n\n"
    "b) The subject matter and nature of the investigation;     \n"
    "3.   The requested State Party may request additional information when it appears necessary.   \n"
)
NL_PREAMBLE = (
    "De Staten die partij zijn bij dit Verdrag, overwegende dat het van belang is de samenwerking te versterken "
    "en dat de bestrijding van de misdaad een zaak is van alle Staten, zijn het volgende overeengekomen: "
)
NL_ART_1 = "Het doel van dit Verdrag is de samenwerking te bevorderen teneinde misdaad te voorkomen en te bestrijden. "
NL_ART_2 = (
    "1.   De Staten verlenen elkaar de ruimst mogelijke wederzijdse rechtshulp bij de opsporing. \n"
    "2.   Een verzoek om wederzijdse rechtshulp bevat: \n\n"
    "a. de identiteit van de autoriteit die het verzoek doet;\n"
)


def parse(body: str, short_name: str = "TEST") -> list[Provision]:
    return parse_treaty_markdown(f"{META}##Verdrag inzake proeven \n\n{body}", "BWBV0000001", short_name)


def articles(provisions: list[Provision], language: str | None = None) -> list[Provision]:
    return [p for p in provisions if p.kind == "article" and (language is None or p.language == language)]


def bilingual(separator: str) -> str:
    return (
        "####Convention on tests\n\n"
        f"### Article  1  \n\n####Purpose\n\n{EN_ART_1}\n\n"
        f"### Article  2  \n\n####Mutual legal assistance\n\n{EN_ART_2}\n"
        "DONE at New York, this fifteenth day of November two thousand, in a single copy in the English language. \n\n"
        f"{separator}{NL_PREAMBLE}\n\n"
        f"### Artikel  1  \n\n####Doel\n\n{NL_ART_1}\n\n"
        f"### Artikel  2  \n\n####Wederzijdse rechtshulp\n\n{NL_ART_2}"
    )


# --- headings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("### Article  1  ", "1"),
        ("###Article 1 ", "1"),
        ("### Artikel  1", "1"),
        ("###ARTIKEL I ", "I"),
        ("### Article  premier  ", "1"),
        ("###Article 1er ", "1"),
        ("### Art.  2  ", "2"),
        ("### Artículo  1", "1"),
        ("### Article  XXV  ", "XXV"),
        ("### Artikel  1.1", "1.1"),
        ("### Artikel  I-1", "I-1"),
        ("### Article  5bis  ", "5bis"),
        ("### Article  6 bis  ", "6bis"),
        ("###Article 3quater ", "3quater"),
        ("### Artikel  8a", "8a"),
        ("### Article  11A", "11a"),
        ("### Article  II:", "II"),
        ("### Article  2*", "2"),
        ("###  Artikel  3  ", "3"),
        ("####Artikel 58", "58"),
        ("### Artikel  l7", "17"),
        ("###Artikelen  3.14-3.17  ", "3.14-3.17"),
    ],
)
def test_article_heading_forms_are_recognised_and_normalised(line: str, number: str) -> None:
    heading = classify_heading(line)
    assert heading.kind == "article"
    assert heading.number == number


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("### Article  1, paragraph 2  ", "reference"),
        ("###Artikel 6, tweede lid.", "reference"),
        ("####Article 1, paragraph 2", "other"),
        ("####Extradition", "other"),
        ("###Articles of iron or steel", "other"),
        ("###ARTICLE ADDITIONNEL", "other"),
        ("### CHAPTER  IV  ", "division"),
        ("###HOOFDSTUK I ", "division"),
        ("### TITEL", "division"),
        ("### Nr.  II  ", "note"),
        ("### Bijlage  ", "annex"),
        ("### 1  ", "bare"),
        ("###IV ", "bare"),
        ("###ROYAL NETHERLANDS EMBASSY", "other"),
        ("###MINISTRY OF FOREIGN AFFAIRS", "other"),
    ],
)
def test_other_headings_are_classified(line: str, kind: str) -> None:
    assert classify_heading(line).kind == kind


def test_heading_forms_in_a_document_give_articles_in_order() -> None:
    body = "\n\n".join(
        f"{heading}\n\nThe Parties shall apply this provision in good faith and with the other Parties."
        for heading in ("###Article premier ", "### Article  2*", "###Article 2bis ", "### Article  2 ter",
                        "### Article  3  ", "###Art. 4 ", "### Article  5A")
    )
    assert [p.article for p in parse(body)] == ["1", "2", "2bis", "2ter", "3", "4", "5a"]


def test_roman_numbered_articles_keep_their_numerals() -> None:
    body = "".join(
        f"### Article  {n}  \n\nEach Party shall take such measures as may be necessary for the purpose.\n\n"
        for n in ("I", "II", "III", "IV")
    )
    assert [p.label for p in parse(body, "ROM")] == ["ROM art. I", "ROM art. II", "ROM art. III", "ROM art. IV"]


def test_level4_article_heading_is_an_article() -> None:
    body = (
        "### Artikel  57  \n\nDe Staten nemen de maatregelen die zij nodig achten.\n\n"
        "### HOOFDSTUK  IV  \n\n####SLOTBEPALINGEN\n\n"
        "####Artikel 58\n\n1. Dit Verdrag staat open voor ondertekening door de Staten.\n"
        "2. Het Verdrag treedt in werking drie maanden na de nederlegging.\n"
    )
    provisions = parse(body)
    assert [(p.article, p.paragraph) for p in provisions] == [("57", None), ("58", "1"), ("58", "2")]
    assert provisions[1].chapter == "Hoofdstuk IV — SLOTBEPALINGEN"


# --- paragraphs ---------------------------------------------------------------------------------------


def test_consecutive_numbered_paragraph_lines_become_paragraphs() -> None:
    provisions = parse(f"### Article  18  \n\n####Mutual legal assistance\n\n{EN_ART_2}", "UNTOC")
    assert [p.label for p in provisions] == ["UNTOC art. 18(1)", "UNTOC art. 18(2)", "UNTOC art. 18(3)"]
    assert provisions[1].text == (
        "A request for mutual legal assistance shall contain:\n"
        "a) The identity of the authority making the request;\n"
        "b) The subject matter and nature of the investigation;"
    )
    assert {p.article_heading for p in provisions} == {"Mutual legal assistance"}
    assert [p.order for p in provisions] == [0, 1, 2]


def test_article_without_numbered_paragraphs_is_one_provision() -> None:
    body = (
        "### Article  2  \n\n####Use of terms\n\nFor the purposes of this Convention: \n\n"
        "a) \"Property\" shall mean assets;\n\nb) \"Seizure\" shall mean freezing; \n"
    )
    (provision,) = parse(body, "UNTOC")
    assert provision.paragraph is None
    assert provision.label == "UNTOC art. 2"
    assert provision.text == (
        'For the purposes of this Convention:\na) "Property" shall mean assets;\nb) "Seizure" shall mean freezing;'
    )


def test_numbers_out_of_sequence_stay_inside_their_paragraph() -> None:
    lines = [
        "1. The request shall state:",
        "1. the name of the person;",
        "2. the offence;",
        "3. the penalty.",
        "2. The requested Party shall reply.",
        "15. January is not a paragraph.",
        "3. The costs shall be borne by the requested Party.",
    ]
    intro, paragraphs = split_numbered_paragraphs(lines)
    assert intro == []
    assert [number for number, _ in paragraphs] == ["1", "2", "3"]
    assert paragraphs[0][1] == [
        "The request shall state:", "1. the name of the person;", "2. the offence;", "3. the penalty.",
    ]
    assert paragraphs[1][1] == ["The requested Party shall reply.", "15. January is not a paragraph."]


def test_intro_text_is_prepended_to_paragraph_one() -> None:
    body = "### Article  7  \n\nEach State Party: \n1.   Shall institute a regime; \n2.   Shall consider measures. \n"
    first, second = parse(body)
    assert (first.paragraph, first.text) == ("1", "Each State Party:\nShall institute a regime;")
    assert second.text == "Shall consider measures."


def test_lone_and_glued_subparagraph_markers() -> None:
    body = (
        "### Article  6  \n\n1.   Each State Party shall establish as offences: \n\n"
        "a) \n\n(i)The conversion of property;\n\n(ii) The concealment;\n"
    )
    (provision,) = parse(body)
    assert provision.text == (
        "Each State Party shall establish as offences:\na) (i) The conversion of property;\n(ii) The concealment;"
    )


# --- cleaning --------------------------------------------------------------------------------------


def test_editorial_lines_are_removed() -> None:
    body = (
        "### Article  1  \n\nTreedt in werking op een nader te bepalen tijdstip \n\n"
        "[Red: De titels zijn niet authentiek.]\n\nWordt voorlopig toegepast per 18-05-1994 \n\n"
        "De tekst van de vertaling is niet beschikbaar.\n\n"
        "This Convention shall apply to all offences.[Red: zie ook artikel 2.]\n"
    )
    (provision,) = parse(body)
    assert provision.text == "This Convention shall apply to all offences."
    assert provision.language == "en"


@pytest.mark.parametrize(
    "line",
    ["Treedt in werking per 01-09-2015", "Vervallen per 01-01-2000", "Vervallen.", "Niet opgenomen.",
     "Wijzigt het Europees Verdrag betreffende uitlevering; Parijs, 13-12-1957.",
     "Treedt in werking per 01-09-2015 Wordt voorlopig toegepast per 18-05-1994"],
)
def test_editorial_line_patterns(line: str) -> None:
    assert is_editorial(line)


def test_treaty_text_is_not_editorial() -> None:
    assert not is_editorial("Dit Verdrag treedt in werking op de eerste dag van de tweede maand.")


def test_editorial_only_articles_keep_the_note_or_are_dropped() -> None:
    body = (
        "### Article  1  \n\nTreedt in werking op een nader te bepalen tijdstip \n\n"
        "Wijzigt het Europees Verdrag betreffende uitlevering; Parijs, 13-12-1957.\n\n"
        "### Article  2  \n\nTreedt in werking op een nader te bepalen tijdstip \n\n"
        "### Article  3  \n\nThis Protocol shall be open for signature by the member States.\n"
    )
    provisions = parse(body)
    assert [(p.article, p.text) for p in provisions] == [
        ("1", "Wijzigt het Europees Verdrag betreffende uitlevering; Parijs, 13-12-1957."),
        ("3", "This Protocol shall be open for signature by the member States."),
    ]
    assert {p.language for p in provisions} == {"en"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the “essential interests” ground", 'the "essential interests" ground'),
        ("het begrip „dubbele strafbaarheid”", 'het begrip "dubbele strafbaarheid"'),
        ('The ``essential interests" ground', 'The "essential interests" ground'),
        ("the Party’s law", "the Party's law"),
        ("on 8<sup>th</sup> May, N<sup>o</sup> 5, CO<sub>2</sub>", "on 8th May, No 5, CO2"),
        ("see [article 6](../../BWBV0001010/README.md) of the Convention", "see article 6 of the Convention"),
        ("a figure ![1](http://wetten.overheid.nl/Illustration/1) here", "a figure here"),
        ("*For the European Union*  ", "For the European Union"),
        ("Article\u00a05,\u00a0paragraph 1   ", "Article 5, paragraph 1"),
        ("Council of Europe,Considering that", "Council of Europe, Considering that"),
    ],
)
def test_inline_cleaning(raw: str, clean: str) -> None:
    assert clean_inline(raw) == clean


def test_tables_keep_cells_and_drop_separator_rows() -> None:
    lines, _ = clean_body(["|Country |US$ million |% |", "| --- | --- | --- |", "|:---|:---|:---|",
                           "|United States |287 118 | --- |", "|", "", "After the table."])
    assert lines == ["Country | US$ million | %", "United States | 287 118", "", "After the table."]


# --- languages, versions, chapters, preambles ---------------------------------------------------


@pytest.mark.parametrize("separator", ["", "####Verdrag inzake proeven\n\n"], ids=["no-marker", "dutch-title"])
def test_english_then_dutch_versions_are_split(separator: str) -> None:
    provisions = parse(bilingual(separator), "CT")
    assert [(p.language, p.article, p.paragraph) for p in articles(provisions)] == [
        ("en", "1", None), ("en", "2", "1"), ("en", "2", "2"), ("en", "2", "3"),
        ("nl", "1", None), ("nl", "2", "1"), ("nl", "2", "2"),
    ]
    english_last = articles(provisions, "en")[-1]
    assert english_last.text.endswith("in the English language.")
    assert "overwegende" not in english_last.text
    preambles = [p for p in provisions if p.kind == "preamble"]
    assert [(p.language, p.label) for p in preambles] == [("nl", "CT preamble")]
    assert preambles[0].text == NL_PREAMBLE.strip()
    assert [p.kind for p in provisions].index("preamble") == 4  # between the two versions


def test_language_comes_from_the_body_not_the_heading_word() -> None:
    body = (
        f"### Article  1  \n\n{EN_ART_1}\n\n"
        "###Artikel 2 \n\nThis Convention shall enter into force on the ninetieth day after the deposit.\n\n"
        f"### Artikel  1  \n\n{NL_ART_1}\n\n### Artikel  2  \n\nDit Verdrag treedt in werking op de negentigste dag.\n"
    )
    assert [(p.language, p.article) for p in parse(body)] == [("en", "1"), ("en", "2"), ("nl", "1"), ("nl", "2")]


def test_chapters_carry_captions_and_reset_in_the_next_version() -> None:
    body = (
        "### CHAPTER  I  \n\n####USE OF TERMS\n\n"
        f"### Article  1  \n\n####Definitions\n\n{EN_ART_1}\n\n"
        "### CHAPTER  II  \n\n####INTERNATIONAL CO-OPERATION\n\n### Section 1\n\n####General principles\n\n"
        f"### Article  2  \n\n{EN_ART_2}\n"
        f"####Verdrag inzake proeven\n\n{NL_PREAMBLE}\n\n"
        f"### Artikel  1  \n\n{NL_ART_1}\n\n### HOOFDSTUK  II  \n\n### Artikel  2  \n\n{NL_ART_2}"
    )
    chapters = [(p.language, p.article, p.chapter) for p in articles(parse(body)) if p.paragraph in (None, "1")]
    assert chapters == [
        ("en", "1", "Chapter I — USE OF TERMS"),
        ("en", "2", "Chapter II — INTERNATIONAL CO-OPERATION / Section 1 — General principles"),
        ("nl", "1", None),
        ("nl", "2", "Hoofdstuk II"),
    ]


def test_preamble_of_the_first_version() -> None:
    body = (
        "####Convention on tests\n\nThe States Parties to this Convention, Considering the need for co-operation, "
        f"have agreed as follows:\n\n### Article  1  \n\n{EN_ART_1}\n"
    )
    preamble, article = parse(body, "CT")
    assert (preamble.kind, preamble.article, preamble.language) == ("preamble", None, "en")
    assert preamble.label == "CT preamble"
    assert preamble.article_heading == "Convention on tests"
    assert article.label == "CT art. 1"


def test_caption_before_the_heading_is_used_when_the_article_has_none() -> None:
    body = (
        "### Artikel  24  \n\n1.   Dit Verdrag wordt voorlopig toegepast.  \n\n"
        "####Territoriale toepassing \n\n### Artikel  25  \n\nDit Verdrag is van toepassing op het gehele Koninkrijk.\n"
    )
    provisions = parse(body)
    assert provisions[-1].article_heading == "Territoriale toepassing"
    assert "Territoriale" not in provisions[0].text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The requested Party shall execute the request in the manner provided for by its law.", "en"),
        ("De aangezochte Partij voert het verzoek uit op de wijze die haar wet voorschrijft.", "nl"),
        ("La Partie requise fera exécuter les commissions rogatoires dans les formes prévues par sa loi.", "fr"),
        ("Die ersuchte Vertragspartei erledigt die Ersuchen in der von ihrem Recht vorgesehenen Form.", "other"),
        ("Sir,", None),
    ],
)
def test_guess_language(text: str, language: str | None) -> None:
    assert guess_language(text) == language


# --- text outside articles --------------------------------------------------------------------------


def test_exchange_of_notes_gives_numbered_text_blocks() -> None:
    body = (
        "###Nr. I \n\nTHE ROYAL NETHERLANDS EMBASSY\n\nThe Hague, 13 October 1999\n\n"
        "The Embassy presents its compliments to the Ministry and has the honour to propose that the Convention "
        "shall apply to Aruba.\n\n"
        "The Embassy avails itself of this opportunity to renew the assurances of its highest consideration.\n\n"
        "###Nr. II \n\nThe Ministry presents its compliments to the Embassy and has the honour to accept the proposal "
        "set out in the Note.\n"
    )
    provisions = parse(body, "EXN")
    assert [p.label for p in provisions] == ["EXN, Nr. I ¶1", "EXN, Nr. I ¶2", "EXN, Nr. II ¶1"]
    assert all(p.kind == "text" and p.article is None for p in provisions)
    assert [p.extra for p in provisions] == [{"block": "1"}, {"block": "2"}, {"block": "1"}]
    assert provisions[0].text.startswith(
        "THE ROYAL NETHERLANDS EMBASSY\nThe Hague, 13 October 1999\nThe Embassy presents"
    )
    assert provisions[0].chapter == "Nr. I"


def test_bare_number_headings_are_numbered_items_of_the_text() -> None:
    body = (
        f"### Article  1  \n\n{EN_ART_1}\n\n"
        "####Agreed Minutes\n\nThe negotiations on the draft Treaty took place in The Hague.\n\n"
        "###1 \n\nWith regard to Article 3 (b), it is the understanding of the Parties that there is no obligation.\n\n"
        "###2 \n\nWith regard to Article 6, it is the understanding of the Parties that the duration is the same.\n"
    )
    provisions = parse(body, "TH")
    minutes = [p for p in provisions if p.kind == "text"]
    assert [p.label for p in minutes] == ["TH, Agreed Minutes ¶1", "TH, Agreed Minutes ¶2"]
    assert minutes[0].text.startswith(
        "The negotiations on the draft Treaty took place in The Hague.\nWith regard to Article 3 (b)"
    )


def test_annex_text_and_bare_roman_section_headings() -> None:
    body = (
        "###I \n\n####General Provisions\n\n"
        f"### Article  1  \n\n{EN_ART_1}\n\n"
        "### Annex  \n\n####Statistics on exports\n\n"
        "|Country |US$ million |\n| --- | --- |\n|United States |287 118 |\n"
    )
    provisions = parse(body, "OECD")
    assert provisions[0].chapter == "I — General Provisions"
    annex = provisions[-1]
    assert (annex.kind, annex.chapter) == ("text", "Annex — Statistics on exports")
    assert annex.label == "OECD, Annex — Statistics on exports ¶1"
    assert annex.text == "Country | US$ million\nUnited States | 287 118"


def test_reference_headings_become_text_about_the_provision() -> None:
    body = (
        f"### Article  1  \n\n{EN_ART_1}\n\n"
        "### Article  1, paragraph 2  \n\nThis provision shall not be interpreted as prohibiting any union.\n"
    )
    provisions = parse(body, "RES")
    assert [p.label for p in provisions] == ["RES art. 1", "RES, Article 1, paragraph 2 ¶1"]


def test_files_without_articles_use_numbered_paragraphs() -> None:
    body = (
        "####Agreement between the European Union and the United States on the processing of passenger data\n\n"
        "The European Union and the United States of America, desiring to prevent and combat terrorism, "
        "have agreed: \n\n"
        "1. On the basis of the assurances in the letter, the European Union will ensure that air carriers "
        "process the data.\n\n"
        "2. The Department will immediately transition to a push system for the transmission of data by air carriers.\n"
    )
    provisions = parse(body, "PNR")
    assert [p.label for p in provisions] == ["PNR, text ¶1", "PNR, text ¶2"]
    assert provisions[0].text.startswith("The European Union and the United States of America")
    assert provisions[1].text.startswith("The Department will immediately")


# --- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n"])
def test_empty_file_raises_document_error(text: str) -> None:
    with pytest.raises(DocumentError, match="empty file"):
        parse_treaty_markdown(text, "BWBV0000001", "EMPTY")


def test_file_with_only_a_title_raises_document_error() -> None:
    with pytest.raises(DocumentError):
        parse_treaty_markdown(f"{META}##Verdrag zonder tekst \n", "BWBV0000001", "TITLE")


# --- the real corpus --------------------------------------------------------------------------------


def _parse_file(corpus_dir: Path, instrument_id: str, short_name: str = "X") -> list[Provision]:
    text = (corpus_dir / "instruments" / f"{instrument_id}.md").read_text(encoding="utf-8")
    return parse_treaty_markdown(text, instrument_id, short_name)


def _article_headings(provisions: list[Provision]) -> Counter[str]:
    """Number of article headings per language (a new article starts at a new
    number, at paragraph 1 or at an article without paragraphs)."""
    counts: Counter[str] = Counter()
    previous: Provision | None = None
    for p in provisions:
        if p.kind == "article" and (
            previous is None or previous.kind != "article" or previous.article != p.article
            or p.paragraph in (None, "1") or previous.language != p.language
        ):
            counts[p.language] += 1
        previous = p
    return counts


@pytest.mark.corpus
def test_untoc_article_18_has_thirty_english_paragraphs(corpus_dir: Path) -> None:
    provisions = _parse_file(corpus_dir, "BWBV0001668", "UNTOC")
    art18 = [p for p in articles(provisions, "en") if p.article == "18"]
    assert [p.paragraph for p in art18] == [str(n) for n in range(1, 31)]
    assert art18[14].label == "UNTOC art. 18(15)"
    assert art18[14].text.startswith("A request for mutual legal assistance shall contain")
    assert art18[14].article_heading == "Mutual legal assistance"
    (art2,) = [p for p in articles(provisions, "en") if p.article == "2"]
    assert art2.paragraph is None and art2.label == "UNTOC art. 2"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("instrument_id", "count"),
    [("BWBV0001668", 41), ("BWBV0001830", 71), ("BWBV0001010", 32), ("BWBV0001839", 48)],
    ids=["UNTOC", "UNCAC", "ECE", "Cybercrime"],
)
def test_english_article_counts(corpus_dir: Path, instrument_id: str, count: int) -> None:
    provisions = _parse_file(corpus_dir, instrument_id)
    assert len({p.article for p in articles(provisions, "en")}) == count
    assert _article_headings(provisions)["en"] == count


@pytest.mark.corpus
def test_ece_article_12_paragraphs(corpus_dir: Path) -> None:
    art12 = [p for p in articles(_parse_file(corpus_dir, "BWBV0001010", "ECE"), "en") if p.article == "12"]
    assert [p.label for p in art12] == ["ECE art. 12(1)", "ECE art. 12(2)"]
    assert art12[1].text.startswith("The request shall be supported by:\n(a) the original")


@pytest.mark.corpus
def test_article_suffixes_are_normalised(corpus_dir: Path) -> None:
    sua = {p.article for p in articles(_parse_file(corpus_dir, "BWBV0002724"), "en")}
    assert {"2bis", "3quater", "5bis", "11ter"} <= sua
    single = {p.article for p in articles(_parse_file(corpus_dir, "BWBV0001004"), "en")}
    assert {"14bis", "21bis", "38bis"} <= single


@pytest.mark.corpus
def test_every_instrument_parses_and_matches_the_manifest_counts(corpus_dir: Path) -> None:
    manifest = (corpus_dir / "instruments" / "manifest.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in manifest.splitlines() if line]
    mismatches = []
    for row in rows:
        provisions = parse_treaty_markdown((corpus_dir / row["file"]).read_text(encoding="utf-8"), row["id"], "X")
        assert [p.order for p in provisions] == list(range(len(provisions)))
        counts = _article_headings(provisions)
        expected = {lang: row[f"n_articles_{lang}"] for lang in ("en", "nl", "fr")}
        if {lang: counts[lang] for lang in expected} != expected:
            mismatches.append((row["id"], expected, dict(counts)))
    assert mismatches == []
