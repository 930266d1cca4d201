"""Terms a question asks the meaning of."""

from __future__ import annotations

import pytest

from retrieval.question_terms import asked_terms


@pytest.mark.parametrize(("question", "terms"), [
    ('What does "controlled delivery" mean?', ("controlled delivery",)),
    ("Which person counts as a witness under the Convention?", ("witness",)),
    ("Does a company qualify? What qualifies as a legal person for liability?", ("legal person",)),
    ("Qu'est-ce qu'une livraison surveillée selon la Convention ?", ("livraison surveillée",)),
    ("How long may data be preserved?", ()),
])
def test_asked_terms(question, terms):
    assert asked_terms(question) == terms
