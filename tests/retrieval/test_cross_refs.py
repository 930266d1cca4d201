"""Cross-references found in a provision's text (pure, on the real registry)."""

from __future__ import annotations

import pytest

from corpora.registry import Registry
from retrieval.cross_refs import references_out, with_cited
from retrieval.results import SearchHit

UNTOC, ECMA, REPORT = "BWBV0001668", "BWBV0001009", "CTOC-COP-2024-SECRETARIAT-IC"


@pytest.fixture(scope="module")
def registry(corpus_dir):
    return Registry.load(corpus_dir, ["instruments", "reports"])


def _hit(instrument: str, text: str, point_id: str = "p") -> SearchHit:
    return SearchHit(point_id, 1.0, "hybrid", instrument, "", f"{instrument} {point_id}", "en", "paragraph", text)


def test_bare_reference_in_the_report_means_its_convention(registry):
    hit = _hit(REPORT, "in accordance with article 32, paragraph 3 (c), of the Convention, the working groups ... (para. 53 of the procedures and rules)")
    refs = references_out(hit, registry)
    assert [(r.instrument_ids, r.article, r.paragraph) for r in refs] == [((UNTOC,), "32", "3")]


def test_internal_references_of_a_treaty_are_not_cross_references(registry):
    assert references_out(_hit(UNTOC, "offences established in accordance with article 5 of this Convention"), registry) == []


def test_named_instrument_in_the_text_owns_the_reference(registry):
    hit = _hit(UNTOC, "as provided in article 15 of the European Convention on Mutual Assistance in Criminal Matters")
    assert [(r.instrument_ids, r.article) for r in references_out(hit, registry)] == [((ECMA,), "15")]


def test_cited_provisions_follow_their_citing_hit():
    first, second, cited = _hit(REPORT, "", "a"), _hit(REPORT, "", "b"), _hit(UNTOC, "", "c")
    assert with_cited([first, second], {"a": [cited]}) == [first, cited, second]
