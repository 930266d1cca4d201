"""Second pass: languages, language versions, preambles and chapter resets.

Each segment is cleaned and given a language from its text (an article from
its opening paragraphs). A new language version starts where the article
numbering restarts *and* the language changes. When an article's body cannot
tell its language (editorial-only bodies), the loose text just before it (a
version title and preamble) decides, else the nearest article with the same
heading word; such articles finally take the language of their version.
For each new version the text between the two versions is searched for its
preamble: loose text in the new language (usually under the version's ``####``
title) or, when there is no title, the trailing paragraphs of the previous
version's last article that are in the new language. Divisions opened before
a version starts are dropped from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from corpora.records import Language
from corpora.language import guess_language
from ingest.markdown_cleaning import clean_body, paragraphs_of
from ingest.treaty_segments import Division, Segment

Role = Literal["article", "preamble", "text"]
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@dataclass
class Unit:
    """A segment with its cleaned text, language, version and role."""

    segment: Segment
    lines: list[str]
    editorial: list[str]
    language: Language | None
    role: Role = "text"
    version: int = 0
    divisions: tuple[Division, ...] = field(default_factory=tuple)


def analyse_units(segments: list[Segment]) -> list[Unit]:
    """Clean and classify segments; see the module doc."""
    units = [_analyse(segment) for segment in segments]
    articles = [index for index, unit in enumerate(units) if unit.role == "article"]
    if not articles:
        _fill_other_languages(units, default=_file_language(units))
        return units
    effective = _effective_languages(units, articles, _file_language(units))
    starts = _version_starts([units[index] for index in articles], effective)
    _settle_article_languages([units[index] for index in articles], effective, starts)
    insertions = _mark_versions(units, articles, starts)
    _fill_other_languages(units, default=units[articles[0]].language or "en")
    for position, unit in sorted(insertions, key=lambda item: item[0], reverse=True):
        units.insert(position, unit)
    return units


def _analyse(segment: Segment) -> Unit:
    lines, editorial = clean_body(segment.raw)
    text = "\n".join(lines)
    if segment.kind == "article":
        language = _leading_language(lines) or guess_language(f"{segment.caption or ''}\n{text}")
    else:
        language = guess_language(text)
    role: Role = "article" if segment.kind == "article" else "text"
    return Unit(segment, lines, editorial, language, role, divisions=segment.divisions)


def _leading_language(lines: list[str]) -> Language | None:
    """Language of the first paragraphs (an article's language is that of its
    opening; a following version's preamble may trail behind it)."""
    seen: list[str] = []
    for paragraph in paragraphs_of(lines)[:6]:
        seen.extend(paragraph)
        language = guess_language("\n".join(seen))
        if language is not None:
            return language
    return None


def _file_language(units: list[Unit]) -> Language:
    joined = "\n".join(line for unit in units for line in unit.lines[:40])
    return guess_language(joined) or "nl"


def _neighbour_languages(articles: list[Unit], default: Language) -> list[Language]:
    """For each article, the language of the nearest article with a detected
    language and the same heading word (``Article``/``Artikel``), else of any."""
    known = [(index, unit) for index, unit in enumerate(articles) if unit.language is not None]
    result: list[Language] = []
    for index, unit in enumerate(articles):
        if unit.language is not None:
            result.append(unit.language)
            continue
        same_word = [item for item in known if item[1].segment.word == unit.segment.word]
        candidates = same_word or known
        nearest = min(candidates, key=lambda item: abs(item[0] - index)) if candidates else None
        result.append((nearest[1].language if nearest else None) or default)
    return result


def _effective_languages(units: list[Unit], articles: list[int], default: Language) -> list[Language]:
    """Language of each article for version splitting: detected from its body;
    else that of the loose text right before it (a version title and preamble);
    else that of its neighbours with the same heading word."""
    neighbours = _neighbour_languages([units[index] for index in articles], default)
    result: list[Language] = []
    previous = -1
    for position, index in enumerate(articles):
        gap = [u.language for u in units[previous + 1 : index] if u.segment.kind == "loose" and u.language]
        result.append(units[index].language or (gap[-1] if gap else None) or neighbours[position])
        previous = index
    return result


def _settle_article_languages(articles: list[Unit], effective: list[Language], starts: list[int]) -> None:
    """Articles whose body gave no language take the language of their version."""
    bounds = [*starts, len(articles)]
    for version, start in enumerate(starts):
        for unit in articles[start : bounds[version + 1]]:
            if unit.language is None:
                unit.language = effective[start]


def _order_value(number: str | None) -> int | None:
    if not number:
        return None
    digits = re.match(r"\d+", number)
    if digits:
        return int(digits[0])
    roman = re.match(r"[IVXLCDM]+", number)
    if not roman:
        return None
    values = [_ROMAN_VALUES[char] for char in roman[0]]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _version_starts(articles: list[Unit], languages: list[Language]) -> list[int]:
    """Indexes (into ``articles``) of the first article of each language version."""
    starts = [0]
    seen: set[str] = set()
    previous: int | None = None
    language = languages[0]
    for index, unit in enumerate(articles):
        number = str(unit.segment.article)
        value = _order_value(number)
        restart = number in seen or (value is not None and previous is not None and value < previous)
        if index and restart and languages[index] != language:
            starts.append(index)
            seen, language = set(), languages[index]
        seen.add(number)
        previous = value if value is not None else previous
    return starts


def _mark_versions(units: list[Unit], articles: list[int], starts: list[int]) -> list[tuple[int, Unit]]:
    """Set version, preamble roles and divisions; return preamble units to insert."""
    insertions: list[tuple[int, Unit]] = []
    bounds = [articles[start] for start in starts] + [len(units)]
    for version, start in enumerate(starts):
        first, end = bounds[version], bounds[version + 1]
        language = units[first].language
        if version == 0:
            begin, start_line = 0, -1
            for unit in units[:first]:
                if unit.segment.kind == "loose" and unit.lines:
                    unit.role = "preamble"
        else:
            previous = articles[starts[version] - 1]
            begin, inserted = _claim_gap(units, previous, first, language)
            insertions.extend(inserted)
            start_line = units[begin].segment.start if begin < first else units[first].segment.start
        first_line = units[first].segment.start
        for unit in units[begin:end]:
            unit.version = version
            unit.divisions = tuple(
                d for d in unit.divisions if d[2] >= start_line and not (d[0] == "document" and d[2] < first_line)
            )
    return insertions


def _claim_gap(
    units: list[Unit], previous: int, first: int, language: Language | None
) -> tuple[int, list[tuple[int, Unit]]]:
    """Find the preamble of the version starting at ``units[first]``; return the
    index where the version begins and any preamble split off ``units[previous]``."""
    begin = previous + 1
    for index in range(previous + 1, first):
        unit = units[index]
        if unit.lines and unit.language not in (None, language):
            begin = index + 1
    loose = [u for u in units[begin:first] if u.segment.kind == "loose" and u.lines]
    for unit in loose:
        unit.role, unit.language = "preamble", language
    if loose:
        return begin, []
    tail = _split_trailing(units[previous], language)
    return begin, [(previous + 1, tail)] if tail is not None else []


def _split_trailing(article: Unit, language: Language | None) -> Unit | None:
    """Cut off the trailing paragraphs of ``article`` written in ``language``."""
    starts = [i for i, line in enumerate(article.lines) if line and (i == 0 or not article.lines[i - 1])]
    cut = None
    for start in reversed(starts):
        end = next((s for s in starts if s > start), len(article.lines))
        guessed = guess_language("\n".join(article.lines[start:end]))
        if guessed == language:
            cut = start
        elif guessed is not None:
            break
    if not cut:
        return None
    tail_lines = article.lines[cut:]
    article.lines = article.lines[:cut]
    segment = Segment("loose", article.segment.start, ())
    return Unit(segment, tail_lines, [], language, "preamble", article.version + 1)


def _fill_other_languages(units: list[Unit], default: Language) -> None:
    """Give text and preamble units without a detectable language the language
    of the nearest preceding article (or the next one, or ``default``)."""
    last: Language | None = None
    for unit in units:
        if unit.role == "article":
            last = unit.language
        elif unit.language is None:
            unit.language = last
    following: Language | None = None
    for unit in reversed(units):
        if unit.role == "article":
            following = unit.language
        elif unit.language is None:
            unit.language = following or default
