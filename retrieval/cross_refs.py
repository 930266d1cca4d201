"""Cross-references between instruments: a retrieved provision that cites a provision of
another instrument the question names brings the cited provision in right after it.

"in accordance with article 32, paragraph 3 (c), of the Convention" in a paragraph of the
2024 report names UNTOC art. 32(3) (the report's `refers_to` instrument); a question on what
the report says and on which Convention provision it rests needs both.
"""

from __future__ import annotations

from dataclasses import replace

from corpora.errors import NotFoundError
from corpora.registry import Registry
from retrieval.citations import CitationRef, find_citations
from retrieval.results import SearchHit


def references_out(hit: SearchHit, registry: Registry) -> list[CitationRef]:
    """Articles of other instruments cited in the hit's text. A reference naming no instrument
    belongs to the hit's ``refers_to`` instrument, if any (else it is internal and skipped)."""
    try:
        default = registry.get(hit.instrument_id).refers_to
    except NotFoundError:
        default = None
    refs = []
    for ref in find_citations(hit.text, registry):
        instruments = ref.instrument_ids or ((default,) if default else ())
        instruments = tuple(i for i in instruments if i != hit.instrument_id)
        if ref.article and instruments:
            refs.append(replace(ref, instrument_ids=instruments))
    return refs


def with_cited(hits: list[SearchHit], cited: dict[str, list[SearchHit]]) -> list[SearchHit]:
    """``hits`` with the provisions each one cites (``cited`` by point id) placed right after it."""
    merged: list[SearchHit] = []
    for hit in hits:
        merged.append(hit)
        merged.extend(cited.get(hit.point_id, ()))
    return merged
