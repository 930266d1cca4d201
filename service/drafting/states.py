"""State names: the treaty partners the corpus knows and ISO 3166 names; unknown names get the nearest ones.

The corpus holds the Netherlands' bilateral treaties, so its State names are the Netherlands and the
counterparts in the manifests ("Hong Kong SAR (China)"); any ISO 3166 country may still use a
multilateral instrument, so pycountry's names are accepted too. Suggestions come from difflib.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import pycountry

from corpora.errors import UnknownStateError
from corpora.glossary import fold_accents
from corpora.registry import Registry
from service.answering.legal_basis import HOME_STATE

_QUALIFIER = re.compile(r"\s*\((?:[^)]*)\)|\s+SAR\b")


def _key(name: str) -> str:
    """Compare names ignoring case, accents, a leading 'the' and punctuation."""
    folded = fold_accents(name.strip()).casefold().replace("&", " and ")
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"[^\w]+", " ", folded).strip()


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, str]:
    """Every ISO 3166 spelling -> the short name used in drafts ('Kingdom of the Netherlands' -> 'Netherlands')."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        short = getattr(country, "common_name", None) or country.name
        if "," in short:  # 'Korea, Republic of' -> its official name
            short = getattr(country, "official_name", None) or short
        for spelling in (country.name, short, getattr(country, "official_name", None)):
            if spelling:
                names.setdefault(_key(spelling), short)
    return names


def corpus_states(registry: Registry) -> list[str]:
    """The States (and territories) the corpus holds bilateral treaties with, and the Netherlands."""
    partners = {HOME_STATE} | {i.counterpart for i in registry.instruments.values() if i.kind == "bilateral" and i.counterpart}
    return sorted(partners)


def _plain(counterpart: str) -> str:
    """'Hong Kong SAR (China)' -> 'Hong Kong' (the form bilateral treaties are matched with)."""
    return _QUALIFIER.sub("", counterpart).strip()


def resolve_state(name: str, registry: Registry, role: str = "State") -> str:
    """The State called ``name``, in the corpus's spelling when the corpus knows it; else a 422 naming the nearest."""
    if not name or not name.strip():
        raise UnknownStateError(f"the {role} is missing")
    key = _key(name)
    corpus = {_key(spelling): _plain(state) for state in corpus_states(registry) for spelling in (state, _plain(state))}
    if key in corpus:
        return corpus[key]
    if key in _iso_names():
        return _iso_names()[key]
    raise UnknownStateError(f"unknown {role} {name.strip()!r}; did you mean {_suggest(key, registry)}?")


def _suggest(key: str, registry: Registry) -> str:
    """The nearest names (at most four), the corpus's treaty partners first."""
    display: dict[str, str] = {}
    for state in [_plain(s) for s in corpus_states(registry)] + sorted(set(_iso_names().values())):
        display.setdefault(_key(state), state)
    corpus_keys = [_key(_plain(s)) for s in corpus_states(registry)]
    found = difflib.get_close_matches(key, corpus_keys, n=3, cutoff=0.6)
    found += difflib.get_close_matches(key, list(display), n=4, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(key, list(display), n=3, cutoff=0.0)
    return " or ".join(repr(display[k]) for k in list(dict.fromkeys(found))[:4])
