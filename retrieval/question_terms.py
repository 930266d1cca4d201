"""Terms a question asks the meaning of: quoted terms and "definition of X" / "X counts as Y" phrasings."""

from __future__ import annotations

import re

QUOTED = re.compile(r"""(?<!\w)["'‘’“”«»„]([^"'‘’“”«»„\n]{2,60})["'‘’“”«»„](?!\w)""")
ASKED = re.compile(
    r"\b(?:definition of|meaning of|what is meant by|counts as|qualifies as|what is an?|"
    r"définition de|qu'est-ce qu[e'] ?(?:une?|le|la)?|definición de|qué es una?|wat is een|definitie van)\s+"
    r"(?P<term>[\w -]{2,60}?)(?=\s+(?:under|in|according|for|selon|dans|en|según|volgens|onder)\b|[?.,;]|$)",
    re.IGNORECASE,
)
LEADING_ARTICLE = re.compile(r"^(?:the|a|an|le|la|les|un|une|el|los|las|de|het|een)\s+", re.IGNORECASE)


def asked_terms(question: str) -> tuple[str, ...]:
    """Lower-cased candidate terms, quoted ones first, without leading articles."""
    found = [match.group(1) for match in QUOTED.finditer(question)]
    found += [match.group("term") for match in ASKED.finditer(question)]
    terms = []
    for raw in found:
        term = LEADING_ARTICLE.sub("", " ".join(raw.split()).strip(" ,;:?")).casefold()
        if term and term not in terms:
            terms.append(term)
    return tuple(terms)
