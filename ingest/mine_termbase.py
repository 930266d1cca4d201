"""Mine the English–Dutch termbase from the corpus: article headings of the same article.

Most multilateral instruments hold the English text and its Dutch translation; both are
parsed into articles with their headings. The English and Dutch heading of the same
article of the same instrument form a candidate pair ("Mutual legal assistance" /
"Wederzijdse rechtshulp"). Cleaning (the review, written down as rules so it can be
re-run): headings are normalised and lower-cased (acronyms kept); pairs with digits or
punctuation, long headings, identical sides, headings naming a body of one treaty
("of the Board") and generic or context-dependent words (:data:`REVIEWED_OUT`) are
dropped; when one English term has several Dutch headings the most frequent wins and the
others go to the note; ties are dropped as ambiguous. Entries are sorted by frequency, so
a Dutch term shared by two English ones maps back to the more frequent.

    python -m ingest.mine_termbase [--corpus DIR] [--out corpora/termbases/treaty-headings-en-nl.toml]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from corpora.registry import Registry
from corpora.settings import load_settings
from corpora.termbase import BUILTIN_DIR, load_termbase
from ingest.treaty_markdown import parse_treaty_markdown

OUT = BUILTIN_DIR / "treaty-headings-en-nl.toml"
MAX_WORDS = {"en": 5, "nl": 6}
BODY_WORDS = re.compile(r"\b(board|commission|committee|secretary|conference|council|court|parties|party|"
                        r"convention|protocol|treaty|agreement|this|present|schedule|annex)\b", re.I)
# Reviewed by hand: generic or context-dependent headings whose Dutch rendering depends on
# the sentence (enforcing one would be wrong more often than right).
REVIEWED_OUT = {
    "information", "costs", "staff", "scope", "procedure", "principles", "general principles", "declarations",
    "notifications", "notification", "amendment", "amendments", "signature", "depositary", "disputes",
    "scope of application", "definitions", "definition", "use of terms", "terminology", "general provisions",
    "general provision", "final provisions", "final clauses", "miscellaneous", "purpose", "purposes", "objective",
    "objectives", "application", "implementation", "relationship", "relation", "cooperation", "general obligations",
    "dissemination", "reports", "review", "languages", "language", "expenses", "measures", "other measures", "general",
    "obligations", "functions", "withdrawal", "restriction of use", "effects", "principle", "depositary and languages",
    "transmission", "communications", "channels", "communication", "meetings", "consultations", "statement of purpose",
    "prosecutor", "transfer", "sentencing", "operation", "conditions", "composition", "extension", "records",
    "reporting", "requests", "enforcement", "identification", "inspection", "manufacture", "monitoring", "financing",
    "education", "investigations", "termination", "suspension", "registration", "chambers", "claims", "prescriptions",
    "the presidency", "the registry", "prevention", "language to be used", "limitations on use",
    "declarations and statements", "civil liability", "guiding principles", "co-operation between fius",
    "obligation to lake provisional measures", "control of cannabis", "additional measures", "other situations",
    "other representatives", "other costs", "accounting", "archives", "indexing", "concealment", "certification",
    "shelters", "helplines", "boarding", "operational safeguards", "mental element", "extension to internal waters",
}


def normalise(heading: str) -> str:
    """Whitespace collapsed, trailing punctuation off, lower-cased except acronyms."""
    words = " ".join(heading.replace("’", "'").split()).strip(" .:;-–").split(" ")
    return " ".join(word if len(word) > 1 and word.isupper() else word.lower() for word in words)


def keep_pair(en: str, nl: str) -> bool:
    """The automatic part of the review."""
    if not en or not nl or en.lower() == nl.lower() or en.lower() in REVIEWED_OUT:
        return False
    if any(re.search(r"[\d:;()/\"\[\]ı]", side) for side in (en, nl)) or BODY_WORDS.search(en):
        return False
    return len(en.split()) <= MAX_WORDS["en"] and len(nl.split()) <= MAX_WORDS["nl"]


def heading_pairs(registry: Registry) -> Counter[tuple[str, str]]:
    """(English heading, Dutch heading) of the same article, counted over instruments."""
    pairs: Counter[tuple[str, str]] = Counter()
    for instrument in registry.instruments.values():
        path = registry.path_of(instrument)
        provisions = parse_treaty_markdown(path.read_text(encoding="utf-8"), instrument.id, instrument.short_name)
        headings: dict[tuple[str, str], str] = {}
        for provision in provisions:
            if provision.article and provision.article_heading:
                headings.setdefault((provision.language, provision.article), provision.article_heading)
        found = {(normalise(headings[("en", art)]), normalise(nl)) for (lang, art), nl in headings.items()
                 if lang == "nl" and ("en", art) in headings}
        pairs.update(found)
    return pairs


def clean(pairs: Counter[tuple[str, str]]) -> list[dict]:
    """Entries from counted pairs: filtered, one Dutch term per English term, by frequency."""
    by_en: dict[str, Counter[str]] = defaultdict(Counter)
    for (en, nl), count in pairs.items():
        if keep_pair(en, nl):
            by_en[en][nl] += count
    entries = []
    for en, renderings in by_en.items():
        ranked = renderings.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue  # ambiguous: as many instruments say one thing as the other
        nl, count = ranked[0]
        if not en.startswith("the "):
            nl = re.sub(r"^(?:de|het) ", "", nl)
        others = ", ".join(f"'{other}' ({n})" for other, n in ranked[1:])
        note = f"article heading in {count} bilingual instrument{'s' if count > 1 else ''}"
        entries.append({"id": re.sub(r"[^a-z0-9]+", "-", en.lower()).strip("-"), "concept": en[0].upper() + en[1:],
                        "en": en, "nl": nl, "count": count, "note": note + (f"; also rendered {others}" if others else "")})
    entries.sort(key=lambda e: (-e["count"], e["en"]))
    seen: Counter[str] = Counter()
    for entry in entries:
        seen[entry["id"]] += 1
        if seen[entry["id"]] > 1:
            entry["id"] += f"-{seen[entry['id']]}"
    return entries


def to_toml(entries: list[dict]) -> str:
    """The termbase file text."""
    lines = ["# Mined from the corpus by `python -m ingest.mine_termbase` (article headings of the same",
             "# article in the English and Dutch texts of bilingual instruments), then cleaned by its rules.",
             "", "[termbase]", 'name = "treaty-headings-en-nl"', 'languages = ["en", "nl"]',
             'description = "English and Dutch article headings of the same articles in the bilingual instruments"', ""]
    for entry in entries:
        lines += ["[[entries]]", f"id = {json.dumps(entry['id'])}", f"concept = {json.dumps(entry['concept'], ensure_ascii=False)}",
                  f"terms = {{ en = {json.dumps(entry['en'], ensure_ascii=False)}, nl = {json.dumps(entry['nl'], ensure_ascii=False)} }}",
                  f"note = {json.dumps(entry['note'], ensure_ascii=False)}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: settings)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    settings = load_settings(corpus_dir=args.corpus)
    registry = Registry.load(settings.require_corpus_dir(), ["instruments"], None)
    pairs = heading_pairs(registry)
    entries = clean(pairs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(to_toml(entries), encoding="utf-8")
    load_termbase(args.out)  # the written file must load and validate
    print(f"{len(pairs)} heading pairs, {len(entries)} entries -> {args.out}")


if __name__ == "__main__":
    main()
