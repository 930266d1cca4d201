"""Terms a provision defines ("service provider" means ..., "Confiscation" shall mean ...)."""

from __future__ import annotations

import re

QUOTED = re.compile(r'"([^"\n]{2,80}?)"')
DEFINING_VERB = re.compile(
    r"\b(?:shall mean|means|shall include|includes|refers to|shall refer to|is defined as|"
    r"betekent|wordt verstaan|verstaan|désigne|s'entend|signifie|significa|se entiende)\b",
    re.IGNORECASE,
)
LIST_ITEM_START = re.compile(r"^\s*(?:\(?[a-z]{1,3}[.)]|\(?[ivx]{1,5}[.)]|\d{1,2}[.)°]|[–-])?\s*$", re.IGNORECASE)
VERB_WINDOW = 120


def defined_terms(text: str) -> list[str]:
    """Lower-cased terms the text defines: a quoted term followed by a defining verb in the
    same sentence, or a quoted term opening an item of a definition list."""
    terms: list[str] = []
    for match in QUOTED.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        after = text[match.end() : match.end() + VERB_WINDOW].split(".")[0].split("\n")[0]
        before = text[line_start : match.start()]
        opens_item = LIST_ITEM_START.match(before) is not None and text[match.end() : match.end() + 2].strip()[:1] in (",", ":", "")
        if DEFINING_VERB.search(after) or DEFINING_VERB.search(before[-40:]) or opens_item:
            term = " ".join(match.group(1).split()).strip(" ,;:").casefold()
            if term and term not in terms:
                terms.append(term)
    return terms
