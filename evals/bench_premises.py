"""Premise benchmark: true and falsified premises generated from the corpus, checked by the premise checker.

From English provisions that carry modality, negation, exclusivity openings, numbers, years or a
direction of change, each sentence yields a *true* premise (its own words, with meaning-preserving
rewordings such as shall -> must) and *falsified* ones by controlled perturbation:

- ``shall->not obliged``: an obligation stated as no obligation; ``may->must``: a discretion stated as a duty;
- ``negation``: "shall not X" stated as "may X", "shall X" as "shall not X";
- ``only``: "only" added where the provision keeps another way open;
- ``quantity``: a number doubled; ``year``: a year moved; ``direction``: a change reversed;
- ``instrument``: the sentence credited to another instrument (the evidence is then that instrument's
  nearest provisions, and the true provision is among the other instruments' provisions).

Each premise is put in a question through a few templates and checked by
:func:`service.answering.premise.find_correction` against the source provision and its nearest
neighbours in the same instrument (the evidence a retriever would return). Reported: detection
rate (falsified premises corrected) and false-alarm rate (true premises "corrected") by kind.

    python -m evals.bench_premises [--limit-per-kind 120] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass

from corpora.records import Provision
from corpora.settings import load_settings
from service.answering import premise
from service.answering.attribution import Source, attribution_conflict, weakly_attributed
from service.answering.claims import YEAR, number_value
from service.answering.evidence import content_terms, coverage, provision_sentences

TEMPLATES = (
    "Since under {instrument} {premise}, what follows for the request?",
    "Given that {premise}, how should the authorities proceed?",
    "{Premise}. Which consequences follow in practice?",
)
NEIGHBOURS = 4
#: A provision carrying this share of a sentence's terms states the same rule.
SAME_RULE = 0.8
MAX_WORDS = 45
SHALL = re.compile(r"\bshall (?!not\b|consider\b|endeavou?r\b|seek\b|strive\b)(?=[a-z])")
SHALL_NOT = re.compile(r"\bshall not (?!be required)(?=[a-z])")
MAY = re.compile(r"(?<!\bas )\bmay (?!not\b|also\b)(?=[a-z])")  # not the idiom "as may be necessary"
OPENING = re.compile(r"\b(without prejudice to|may also|shall not preclude|nothing in this \w+ shall prevent)\b", re.I)
CHANNEL = re.compile(r"\b(shall|may) be (transmitted|sent|addressed|made|submitted|forwarded)\b( to| through| by)", re.I)
NUMBER = re.compile(r"\b(\d{1,4}|two|three|four|five|six|seven|eight|ten|twelve|fifteen|thirty|forty|sixty|ninety)\s+"
                    r"(hours?|days?|weeks?|months?|years?|countries|cases|States|members|requests|participants)\b", re.I)
INSTRUMENT_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+\s+)*(?:Convention|Protocol|Agreement|Treaty)|-")
UP = re.compile(r"\b(increased|expanded|grew|rose)\b", re.I)
DOWN = re.compile(r"\b(decreased|declined|fell|dropped)\b", re.I)


@dataclass(frozen=True)
class Item:
    """One generated question: its premise, whether it is true, the kind of perturbation, its evidence."""

    question: str
    true: bool
    kind: str
    evidence: tuple[str, ...]
    #: For 'instrument' items: provisions of the instrument not named (what a second search returns).
    others: tuple[str, ...] = ()


def _one(pattern: re.Pattern[str], text: str, repl: str) -> str | None:
    changed, count = pattern.subn(repl, text, count=1)
    return changed if count else None


def perturbations(sentence: str, provision: str) -> list[tuple[str, str]]:
    """(kind, falsified sentence) pairs for one provision sentence."""
    found = [("shall->not obliged", _one(SHALL, sentence, "is not obliged to ")),
             ("may->must", _one(MAY, sentence, "must ")),
             ("negation", _one(SHALL_NOT, sentence, "may ") or _one(SHALL, sentence, "shall not "))]
    if OPENING.search(provision) and CHANNEL.search(sentence):
        found.append(("only", CHANNEL.sub(lambda m: f"{m.group(1)} only be {m.group(2)}{m.group(3)}", sentence, count=1)))
    number = NUMBER.search(sentence)
    if number and number_value(number.group(1)):
        doubled = f"{int(number_value(number.group(1)) * 2)} {number.group(2)}"
        found.append(("quantity", sentence[:number.start()] + doubled + sentence[number.end():]))
    year = next((m for m in YEAR.finditer(sentence) if not INSTRUMENT_AFTER.match(sentence, m.end())), None)
    if year:
        found.append(("year", sentence[:year.start()] + str(int(year.group(1)) - 2) + sentence[year.end():]))
    if UP.search(sentence) or DOWN.search(sentence):
        flipped = UP.sub("decreased", sentence, count=1) if UP.search(sentence) else DOWN.sub("increased", sentence, count=1)
        found.append(("direction", flipped))
    return [(kind, text) for kind, text in found if text and text != sentence]


def reword(sentence: str) -> str:
    """Meaning-preserving rewording of a true premise."""
    return re.sub(r"\bshall (?!not\b)", "must ", sentence, count=1)


def _question(premise_text: str, instrument: str, rng: random.Random) -> str:
    clause = premise_text.rstrip(" .;:")
    clause = clause[0].lower() + clause[1:]
    template = rng.choice(TEMPLATES)
    return template.format(instrument=instrument, premise=clause, Premise=clause[0].upper() + clause[1:])


def _neighbours(sentence: str, provision: Provision | None, pool: list[Provision]) -> tuple[str, ...]:
    terms = content_terms(sentence)
    others = sorted((p for p in pool if p is not provision), key=lambda p: -coverage(terms, p.text))[:NEIGHBOURS]
    return (*((provision.text,) if provision else ()), *(p.text for p in others))


def _swapped(sentence: str, provision: Provision, pools: dict[str, list[Provision]], rng: random.Random) -> Item | None:
    """The sentence credited to another instrument: evidence from that one, the true provision found elsewhere."""
    names = [i for i in pools if i != provision.instrument_id and i != "CTOC-COP-2024-SECRETARIAT-IC"]
    if not names or not SHALL.search(sentence):
        return None
    other = rng.choice(names)
    terms = content_terms(sentence)
    if any(coverage(terms, p.text) >= SAME_RULE for p in pools[other]):
        return None  # the other instrument holds the rule too (final clauses, shared wording): not a false premise
    name = pools[other][0].label.split(" art.")[0]
    return Item(_question(sentence, name, rng).replace("Given that", f"Given that under {name}", 1), False, "instrument",
                _neighbours(sentence, None, pools[other]), _neighbours(sentence, provision, pools[provision.instrument_id]))


def generate(provisions: list[Provision], limit_per_kind: int, seed: int = 13) -> list[Item]:
    """True and falsified premises from English provisions, at most ``limit_per_kind`` of each kind."""
    rng = random.Random(seed)
    by_instrument: dict[str, list[Provision]] = defaultdict(list)
    for provision in provisions:
        by_instrument[provision.instrument_id].append(provision)
    items: list[Item] = []
    counts: dict[str, int] = defaultdict(int)
    shuffled = provisions[:]
    rng.shuffle(shuffled)
    for provision in shuffled:
        for sentence in provision_sentences(provision.text, "en"):
            if len(sentence.split()) > MAX_WORDS or len(sentence.split()) < 6 or sentence.rstrip().endswith(":"):
                continue
            changed = [(k, t) for k, t in perturbations(sentence, provision.text) if counts[k] < limit_per_kind]
            if not changed:
                continue
            evidence = _neighbours(sentence, provision, by_instrument[provision.instrument_id])
            name = provision.label.split(" art.")[0].split(" para.")[0]
            kind, falsified = rng.choice(changed)
            counts[kind] += 1
            items.append(Item(_question(reword(sentence), name, rng), True, kind, evidence))
            items.append(Item(_question(falsified, name, rng), False, kind, evidence))
            swapped = _swapped(sentence, provision, by_instrument, rng) if counts["instrument"] < limit_per_kind else None
            if swapped:
                counts["instrument"] += 1
                true_question = _question(sentence, name, rng).replace("Given that", f"Given that under {name}", 1)
                items.append(Item(true_question, True, "instrument", evidence, swapped.evidence))
                items.append(swapped)
    return items


def _flagged(item: Item) -> bool:
    """What the answerer does: the claims against the evidence, then (when the named instrument's
    provisions carry little of the assertion) the attribution against the other instruments."""
    if premise.find_correction(item.question, list(item.evidence)) is not None:
        return True
    named = [Source("named", None, "named", text) for text in item.evidence]
    if not item.others or not weakly_attributed(item.question, named):
        return False
    others = [Source("other", None, "other", text) for text in item.others]
    return attribution_conflict(item.question, named, others) is not None


def score(items: list[Item]) -> dict:
    """Detection and false-alarm rates by kind of perturbation (and overall)."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: {"falsified": 0, "detected": 0, "true": 0, "false_alarms": 0})
    started = time.perf_counter()
    for item in items:
        flagged = _flagged(item)
        for key in (item.kind, "all"):
            row = table[key]
            if item.true:
                row["true"] += 1
                row["false_alarms"] += flagged
            else:
                row["falsified"] += 1
                row["detected"] += flagged
    elapsed = (time.perf_counter() - started) * 1000
    for row in table.values():
        row["detection"] = round(row["detected"] / row["falsified"], 3) if row["falsified"] else None
        row["false_alarm_rate"] = round(row["false_alarms"] / row["true"], 3) if row["true"] else None
    return {"by_kind": dict(table), "questions": len(items), "ms_per_question": round(elapsed / max(1, len(items)), 2)}


def english_provisions() -> list[Provision]:
    """English provisions of the core instruments and the reports (parsed from the corpus files)."""
    from corpora.registry import load_registry
    from ingest.sources import list_sources, parse_source

    settings = load_settings()
    registry = load_registry(settings, ["instruments", "reports"])
    core = set(registry.core_ids())
    sources = [s for s in list_sources(registry, ["instruments", "reports"]) if s.instrument.id in core]
    return [p for s in sources for p in parse_source(s) if p.language == "en" and p.kind in ("article", "report_paragraph")]


def main() -> None:
    parser = argparse.ArgumentParser(description="Premise benchmark (detection and false alarms by perturbation).")
    parser.add_argument("--limit-per-kind", type=int, default=120)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    result = score(generate(english_provisions(), args.limit_per_kind))
    print(f"{'kind':<20}{'falsified':>10}{'detected':>10}{'true':>7}{'false al.':>10}")
    for kind, row in sorted(result["by_kind"].items(), key=lambda pair: pair[0] == "all"):
        print(f"{kind:<20}{row['falsified']:>10}{row['detection'] or 0:>10.3f}{row['true']:>7}{row['false_alarm_rate'] or 0:>10.3f}")
    print(f"{result['questions']} questions, {result['ms_per_question']} ms each")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)


if __name__ == "__main__":
    main()
