"""Explicit citations in questions."""

from __future__ import annotations

import pytest

from corpora.registry import Registry
from retrieval.citations import find_citations, normalise_article
from retrieval.fusion import dedupe, interleave, reciprocal_rank_fusion

UNTOC, UNCAC, ECE, REPORT = "BWBV0001668", "BWBV0001830", "BWBV0001010", "CTOC-COP-2024-SECRETARIAT-IC"


@pytest.fixture(scope="module")
def registry(corpus_dir):
    return Registry.load(corpus_dir, ["instruments", "reports"])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What does article 18(15) of the Palermo Convention require?", [(UNTOC, "18", "15")]),
        ("UNTOC 16(4)", [(UNTOC, "16", "4")]),
        ("art. 12 ECE", [(ECE, "12", None)]),
        ("paragraph 21 of the 2024 report", [(REPORT, None, "21")]),
        ("Give me the gist of UNCAC article 59.", [(UNCAC, "59", None)]),
        ("Article 18, paragraph 29 of UNTOC and Article 46, paragraph 24 of UNCAC",
         [(UNTOC, "18", "29"), (UNCAC, "46", "24")]),
        ("artikel 4, lid 2 van het Europees Verdrag betreffende uitlevering", [(ECE, "4", "2")]),
        ("article 5 bis of ETS 24", [(ECE, "5bis", None)]),
        ("How many users did SHERLOC have in 2023?", []),
    ],
)
def test_find_citations(registry, question, expected):
    found = [(ref.instrument_ids[0] if ref.instrument_ids else None, ref.article, ref.paragraph)
             for ref in find_citations(question, registry)]
    assert found == expected


def test_normalise_article():
    assert normalise_article("5 bis") == "5bis"
    assert normalise_article("xii") == "XII"
    assert normalise_article("12A") == "12a"


def test_interleave_is_fair():
    assert interleave([[1, 2, 3], ["a"], [10, 20]]) == [1, "a", 10, 2, 20, 3]


def test_dedupe_keeps_first():
    assert dedupe(["a1", "b1", "a2"], key=lambda s: s[0]) == ["a1", "b1"]


def test_rrf_prefers_items_ranked_well_twice():
    assert reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=1)[0] == "b"
