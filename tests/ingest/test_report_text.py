"""Tests for ingest.report_text: plain-text UN Secretariat reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpora.errors import DocumentError
from corpora.records import Provision
from ingest.report_text import parse_report

REPORT_FILE = "reports/ctoc-cop-2024-secretariat-international-cooperation.txt"
REPORT_ID = "CTOC-COP-2024-SECRETARIAT-IC"
SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")

MINI_REPORT = """


Commission on Crime Prevention and Criminal Justice

Distr.: General
1 March 2025

Item 3 of the provisional agenda*

Work of the Office

Report of the Secretariat

I. Introduction

1. In its resolution [79/1](#), the Assembly requested a report on extradition.¹

2. The Office assisted States in drafting laws on mutual legal assistance and the

* [E/CN.15/2025/1](#).

¹ See also [A/79/100](#).



transfer of sentenced persons, as requested by the *Commission*.

II. Technical assistance

A. Extradition

3. The Office held 12 workshops (see figure I).

Figure I
Workshops held, 2020–2024



B. Mutual legal assistance

4. The Commission may wish to:

(a) Encourage States to designate central authorities;

(b) Invite donors to provide resources.
"""


@pytest.fixture(scope="module")
def real_report(corpus_dir: Path) -> list[Provision]:
    """The real report parsed once (``corpus_dir`` from tests/conftest.py skips
    with a reason when the shared corpus is absent; PALERMO_CORPUS_DIR moves it)."""
    path = corpus_dir / REPORT_FILE
    if not path.is_file():
        pytest.skip(f"shared corpus report not found at {path} (set PALERMO_CORPUS_DIR)")
    return parse_report(path.read_text(encoding="utf-8"), REPORT_ID, "CTOC/COP/2024/IC")


# --- the real report ----------------------------------------------------------


@pytest.mark.corpus
def test_real_report_has_68_paragraphs_in_order(real_report: list[Provision]) -> None:
    assert [p.paragraph for p in real_report] == [str(n) for n in range(1, 69)]
    assert [p.order for p in real_report] == list(range(1, 69))
    assert {p.kind for p in real_report} == {"report_paragraph"}
    assert {p.language for p in real_report} == {"en"}
    assert all(p.article is None and p.article_heading is None for p in real_report)
    assert real_report[20].label == "CTOC/COP/2024/IC para. 21"


@pytest.mark.corpus
def test_real_report_paragraph_2_is_rejoined_without_footnote(real_report: list[Provision]) -> None:
    text = real_report[1].text
    assert "facilitating the procedures related to international cooperation, including" in text
    assert "CTOC/COP/2024/1" not in text
    assert "\n" not in text
    assert text.endswith("in order to effectively address transnational organized crime.")


@pytest.mark.corpus
def test_real_report_text_is_clean(real_report: list[Provision]) -> None:
    for provision in real_report:
        assert not SUPERSCRIPTS.search(provision.text), provision.label
        assert "](#)" not in provision.text, provision.label
        assert "Figure" not in provision.text, provision.label
        assert not re.search(r"^\d+\.\s", provision.text), provision.label
    assert real_report[24].extra["footnotes"].startswith("1: Available at https://sherloc")
    assert real_report[24].extra["figures"].startswith("Figure I: Number of authorities")


@pytest.mark.corpus
def test_real_report_chapters(real_report: list[Provision]) -> None:
    assert all(p.chapter for p in real_report)
    assert real_report[0].chapter == "I. Introduction"
    assert real_report[19].chapter == (
        "IV. Tools to facilitate international cooperation to combat transnational "
        "organized crime — A. Knowledge management portal known as Sharing Electronic "
        "Resources and Laws on Crime (SHERLOC)"
    )
    assert real_report[39].chapter.startswith("V. International cooperation as a key element")
    assert real_report[67].chapter == "VIII. Conclusions and recommendations"
    assert real_report[67].text.splitlines()[1].startswith("(a) Continue to encourage")
    assert real_report[67].text.splitlines()[2].startswith("(b) Encourage States")


# --- a hand-written mini report ---------------------------------------------


def test_mini_report() -> None:
    provisions = parse_report(MINI_REPORT, "MINI", "Mini")
    assert [p.label for p in provisions] == [f"Mini para. {n}" for n in range(1, 5)]
    first, second, third, fourth = provisions
    assert first.text == "In its resolution 79/1, the Assembly requested a report on extradition."
    assert first.extra == {"footnotes": "1: See also A/79/100."}
    assert second.text == (
        "The Office assisted States in drafting laws on mutual legal assistance and the "
        "transfer of sentenced persons, as requested by the Commission."
    )
    assert third.chapter == "II. Technical assistance — A. Extradition"
    assert third.extra == {"figures": "Figure I: Workshops held, 2020–2024"}
    assert fourth.chapter == "II. Technical assistance — B. Mutual legal assistance"
    assert fourth.text.splitlines() == [
        "The Commission may wish to:",
        "(a) Encourage States to designate central authorities;",
        "(b) Invite donors to provide resources.",
    ]


def test_section_letters_that_look_like_roman_numerals() -> None:
    text = "I. Scope\n\n1. One.\n\nA. First\n\n2. Two.\n\nB. Second\n\n3. Three.\n\n" \
        "C. Third\n\n4. Four.\n\nII. Next\n\n5. Five.\n"
    chapters = [p.chapter for p in parse_report(text, "R", "R")]
    assert chapters == [
        "I. Scope", "I. Scope — A. First", "I. Scope — B. Second",
        "I. Scope — C. Third", "II. Next",
    ]


@pytest.mark.parametrize("text", ["", "   \n\n", "Distr.: General\n\nNo paragraphs here.\n"])
def test_unusable_text_raises_document_error(text: str) -> None:
    with pytest.raises(DocumentError, match="MINI"):
        parse_report(text, "MINI", "Mini")
