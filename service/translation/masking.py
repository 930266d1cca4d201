"""Masking: glossary terms and protected spans become placeholders before translation.

Each masked span is replaced by a token ``QX<n>Q`` that translation models copy through
(it looks like a code or a name); after translation each token is replaced by the
glossary's target term or by the protected text itself. A token the model dropped is
reported and its value appended, so nothing is silently lost.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpora.termbase import TermEntry
from service.translation.protected_spans import find_protected_spans

TOKEN_PREFIXES = ("QX", "QZ", "XQ", "ZQ")


@dataclass(frozen=True)
class AppliedTerm:
    """A glossary entry enforced in a translation."""

    entry_id: str
    termbase: str
    source_term: str
    target_term: str
    count: int

    def as_dict(self) -> dict[str, object]:
        return {"id": self.entry_id, "termbase": self.termbase, "source": self.source_term,
                "target": self.target_term, "count": self.count}


@dataclass(frozen=True)
class Slot:
    """One masked span: its token, what goes back, and why."""

    token: str
    value: str
    kind: str
    entry: TermEntry | None = None
    source_text: str = ""


@dataclass
class Masked:
    """A masked text and its slots."""

    text: str
    slots: list[Slot] = field(default_factory=list)
    prefix: str = "QX"


class Glossary:
    """Matches the source terms of entries that have a term in the target language."""

    def __init__(self, entries: list[TermEntry], source: str, target: str) -> None:
        self.source, self.target = source, target
        self.by_variant: dict[str, TermEntry] = {}
        for entry in entries:
            if entry.preferred(target) is None:
                continue
            for variant in entry.terms.get(source, ()):
                self.by_variant.setdefault(variant.casefold(), entry)
        variants = sorted(self.by_variant, key=len, reverse=True)
        alternation = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if variants else None

    def __len__(self) -> int:
        return len(self.by_variant)

    def find(self, text: str) -> list[tuple[int, int, TermEntry]]:
        """Non-overlapping matches, leftmost-longest."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.by_variant[" ".join(m.group().split()).casefold()])
                for m in self.pattern.finditer(text)]


def match_case(source: str, target: str) -> str:
    """The target term with the source occurrence's capitalisation (initial capital, all caps)."""
    if len(source) > 1 and source.isupper() and not target.isupper():
        return target.upper()
    if source[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


def _token_prefix(text: str) -> str:
    return next((p for p in TOKEN_PREFIXES if p.casefold() not in text.casefold()), TOKEN_PREFIXES[0])


def mask(text: str, glossary: Glossary | None) -> Masked:
    """Replace protected spans, then glossary terms, by numbered tokens."""
    spans = [(s.start, s.end, s.kind, None) for s in find_protected_spans(text)]
    for start, end, entry in glossary.find(text) if glossary else []:
        if all(end <= s or start >= e for s, e, _, _ in spans):
            spans.append((start, end, "term", entry))
    spans.sort(key=lambda span: span[0])
    prefix, pieces, slots, cursor = _token_prefix(text), [], [], 0
    for number, (start, end, kind, entry) in enumerate(spans):
        token, original = f"{prefix}{number}Q", text[start:end]
        value = original if entry is None else match_case(original, entry.preferred(glossary.target))
        slots.append(Slot(token, value, kind, entry, original))
        pieces += [text[cursor:start], token]
        cursor = end
    pieces.append(text[cursor:])
    return Masked("".join(pieces), slots, prefix)


def _token_pattern(prefix: str) -> re.Pattern[str]:
    letters = r"\s?".join(re.escape(ch) for ch in prefix)
    return re.compile(rf"{letters}\s?(\d+)\s?Q", re.IGNORECASE)


def unmask(translated: str, masked: Masked) -> tuple[str, list[Slot]]:
    """Put the slots' values back; return the text and the slots whose token was lost."""
    by_number = dict(enumerate(masked.slots))
    seen: set[int] = set()

    def restore(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number not in by_number:
            return ""  # a token the model made up
        seen.add(number)
        return by_number[number].value

    restored = " ".join(_token_pattern(masked.prefix).sub(restore, translated).split())
    lost = [slot for number, slot in by_number.items() if number not in seen]
    if lost:
        restored = " ".join([restored.rstrip(), *(slot.value for slot in lost)])
    return restored, lost


def applied_terms(slots: list[Slot], lost: list[Slot]) -> list[AppliedTerm]:
    """Glossary entries that made it into the translation, counted."""
    lost_tokens = {slot.token for slot in lost}
    counts = Counter((s.entry.id, s.entry.termbase, s.source_text.casefold(), s.value.casefold())
                     for s in slots if s.entry is not None and s.token not in lost_tokens)
    return [AppliedTerm(entry_id, termbase, source, target, count)
            for (entry_id, termbase, source, target), count in counts.items()]
