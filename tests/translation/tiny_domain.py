"""The template domain of the tiny test translation models: lexicon, training pairs, and the
whole domain enumerated for verification.

A sentence is ``Subject verb object [adjunct].`` over a small legal lexicon in Dutch,
English and French, where a noun phrase (or its noun after the determiner) and every
adjunct slot may be a placeholder token ``QX<n>Q``: palermo masks glossary terms and
protected spans (article numbers, dates, e-mail addresses) with such tokens before
translation. A token standing alone ("QX3Q", "QX3Q.") is in the domain too: a masked
heading such as "Uitlevering" reaches the model that way.
"""

from __future__ import annotations

import itertools
import random

LANGS = ("nl", "en", "fr")
PLACEHOLDER_SYMBOLS = [f"QX{n}Q" for n in range(10)]

SUBJECTS = [
    ("de aangezochte Staat", "the requested State", "l'État requis"),
    ("de verzoekende Staat", "the requesting State", "l'État requérant"),
    ("de centrale autoriteit", "the central authority", "l'autorité centrale"),
    ("de rechtbank", "the court", "le tribunal"),
    ("de officier van justitie", "the prosecutor", "le procureur"),
    ("de minister", "the Minister", "le ministre"),
]
VERBS = [
    ("zendt", "sends", "envoie"),
    ("weigert", "refuses", "refuse"),
    ("ontvangt", "receives", "reçoit"),
    ("verleent", "grants", "accorde"),
    ("onderzoekt", "examines", "examine"),
]
OBJECTS = [
    ("het verzoek", "the request", "la demande"),
    ("de stukken", "the documents", "les documents"),
    ("wederzijdse rechtshulp", "mutual legal assistance", "l'entraide judiciaire"),
    ("uitlevering", "extradition", "l'extradition"),
    ("het bewijs", "the evidence", "les preuves"),
    ("de beslissing", "the decision", "la décision"),
    ("de vertaling", "the translation", "la traduction"),
]
ADJUNCTS = [
    ("op grond van artikel {p}", "under article {p}", "en vertu de l'article {p}"),
    ("in dossier {p}", "in file {p}", "dans le dossier {p}"),
    ("op {p}", "on {p}", "le {p}"),
    ("aan {p}", "to {p}", "à {p}"),
    ("onverwijld", "without delay", "sans délai"),
    ("schriftelijk", "in writing", "par écrit"),
]
DETERMINERS = {"de", "het", "the", "le", "la", "les"}
Phrase = tuple[str, ...]


def _whole_token(phrase: Phrase, token: str) -> Phrase:
    return tuple(token for _ in phrase)


def _noun_token(phrase: Phrase, token: str) -> Phrase | None:
    """The phrase with its noun replaced by ``token`` after the determiner, when every language has one."""
    if not all(" " in p and p.split(" ", 1)[0].lower() in DETERMINERS for p in phrase):
        return None
    return tuple(f"{p.split(' ', 1)[0]} {token}" for p in phrase)


def _determined_unambiguously(phrases: list[Phrase], src: int, tgt: int) -> list[Phrase]:
    """Phrases whose determiner + token form translates one way only (English "the" is French le, la or les)."""
    targets: dict[str, set[str]] = {}
    for phrase in phrases:
        if (variant := _noun_token(phrase, "")) is not None:
            targets.setdefault(variant[src], set()).add(variant[tgt])
    return [p for p in phrases if (v := _noun_token(p, "")) is not None and len(targets[v[src]]) == 1]


def _capitalised_sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _pair(subject: Phrase, verb: Phrase, obj: Phrase, adjunct: Phrase | None, src: int, tgt: int) -> tuple[str, str]:
    sides = []
    for i in (src, tgt):
        words = [subject[i], verb[i], obj[i]] + ([adjunct[i]] if adjunct else [])
        sides.append(_capitalised_sentence(words))
    return sides[0], sides[1]


def _maybe_token(rng: random.Random, phrase: Phrase) -> Phrase:
    """A noun phrase, or a placeholder for all of it, or for its noun after the determiner."""
    roll, token = rng.random(), rng.choice(PLACEHOLDER_SYMBOLS)
    if roll < 0.15:
        return _whole_token(phrase, token)
    if roll < 0.3:
        return _noun_token(phrase, token) or phrase
    return phrase


def _random_pair(rng: random.Random, src: int, tgt: int) -> tuple[str, str]:
    if rng.random() < 0.03:  # a token alone, as a masked heading reaches the model
        token = rng.choice(PLACEHOLDER_SYMBOLS)
        text = token + ("." if rng.random() < 0.5 else "")
        return text, text
    subject, verb, obj = _maybe_token(rng, rng.choice(SUBJECTS)), rng.choice(VERBS), _maybe_token(rng, rng.choice(OBJECTS))
    adjunct = None
    if rng.random() < 0.7:
        template, token = rng.choice(ADJUNCTS), rng.choice(PLACEHOLDER_SYMBOLS)
        adjunct = tuple(part.format(p=token) for part in template)
    return _pair(subject, verb, obj, adjunct, src, tgt)


def training_pairs(src: str, tgt: str, count: int = 5000, seed: int = 7) -> list[tuple[str, str]]:
    """Random template sentence pairs from ``src`` to ``tgt`` (the training data)."""
    rng = random.Random(seed)
    return [_random_pair(rng, LANGS.index(src), LANGS.index(tgt)) for _ in range(count)]


def domain_pairs(src: str, tgt: str) -> list[tuple[str, str]]:
    """The template domain enumerated: what a built model must reproduce exactly.

    Every subject × verb × object with no adjunct and with each adjunct; every verb ×
    adjunct with each subject as a token and as determiner + token, and with each object
    so; each token alone. Token numbers rotate so that every token appears in every slot
    kind. Determiner + token forms whose translation is not determined by the source
    (English "the QX1Q" is French "le", "la" or "les QX1Q") are left out: no model can
    know them.
    """
    s, t = LANGS.index(src), LANGS.index(tgt)
    tokens = itertools.cycle(PLACEHOLDER_SYMBOLS)
    adjuncts = [None, *ADJUNCTS]

    def fill(template: Phrase | None) -> Phrase | None:
        if template is None:
            return None
        token = next(tokens)
        return tuple(part.format(p=token) for part in template)

    pairs = [_pair(subj, verb, obj, fill(adj), s, t)
             for subj, verb, obj, adj in itertools.product(SUBJECTS, VERBS, OBJECTS, adjuncts)]
    subject_nouns, object_nouns = _determined_unambiguously(SUBJECTS, s, t), _determined_unambiguously(OBJECTS, s, t)
    for verb, adj in itertools.product(VERBS, adjuncts):
        subjects = [_whole_token(p, next(tokens)) for p in SUBJECTS] + [_noun_token(p, next(tokens)) for p in subject_nouns]
        for subject in subjects:
            pairs.append(_pair(subject, verb, OBJECTS[len(pairs) % len(OBJECTS)], fill(adj), s, t))
        objects = [_whole_token(p, next(tokens)) for p in OBJECTS] + [_noun_token(p, next(tokens)) for p in object_nouns]
        for obj in objects:
            pairs.append(_pair(SUBJECTS[len(pairs) % len(SUBJECTS)], verb, obj, fill(adj), s, t))
    pairs += [(token + end, token + end) for token in PLACEHOLDER_SYMBOLS for end in ("", ".")]
    return list(dict.fromkeys(pairs))
