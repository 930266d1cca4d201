"""Loader of benchmark question sets (JSONL, format of ../shared/evals/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from corpora.errors import DatasetError

QUESTION_TYPES = frozenset(
    "definition requirement procedure refusal_grounds legal_basis numeric_fact cross_instrument "
    "article_lookup paraphrase follow_up multilingual unanswerable false_premise".split()
)
REQUIRED_FIELDS = ("id", "question", "lang", "type", "answerable", "gold", "must_include")


@dataclass(frozen=True)
class GoldCitation:
    """A provision a correct answer must cite (paragraph None: any paragraph of the article)."""

    instrument: str
    article: str | None
    paragraph: str | None


@dataclass(frozen=True)
class Question:
    """One benchmark question."""

    id: str
    question: str
    lang: str
    type: str
    answerable: bool
    gold: tuple[GoldCitation, ...]
    must_include: tuple[str, ...]
    history: tuple[dict, ...] = ()
    notes: str = ""
    extra: dict = field(default_factory=dict)


def _gold(entry: object, where: str) -> GoldCitation:
    if not isinstance(entry, dict) or not isinstance(entry.get("instrument"), str):
        raise DatasetError(f"{where}: gold entry {entry!r} needs an 'instrument' string")
    article, paragraph = entry.get("article"), entry.get("paragraph")
    for name, value in (("article", article), ("paragraph", paragraph)):
        if value is not None and not isinstance(value, str):
            raise DatasetError(f"{where}: gold {name} must be a string or null, got {value!r}")
    if article is None and paragraph is None:
        raise DatasetError(f"{where}: gold entry {entry!r} names neither article nor paragraph")
    return GoldCitation(entry["instrument"], article, paragraph)


def parse_line(line: str, where: str) -> Question:
    """One JSONL line -> Question, or a DatasetError naming ``where``."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise DatasetError(f"{where}: expected a JSON object")
    missing = [name for name in REQUIRED_FIELDS if name not in row]
    if missing:
        raise DatasetError(f"{where}: missing field(s) {', '.join(missing)}")
    if row["type"] not in QUESTION_TYPES:
        raise DatasetError(f"{where}: unknown type {row['type']!r}")
    if not isinstance(row["gold"], list) or not isinstance(row["must_include"], list):
        raise DatasetError(f"{where}: 'gold' and 'must_include' must be lists")
    history = row.get("history") or []
    if not isinstance(history, list) or not all(isinstance(t, dict) and "content" in t for t in history):
        raise DatasetError(f"{where}: 'history' must be a list of {{role, content}} turns")
    known = set(REQUIRED_FIELDS) | {"history", "notes"}
    return Question(
        id=str(row["id"]), question=str(row["question"]), lang=str(row["lang"]), type=row["type"],
        answerable=bool(row["answerable"]), gold=tuple(_gold(g, where) for g in row["gold"]),
        must_include=tuple(str(fact) for fact in row["must_include"]), history=tuple(history),
        notes=str(row.get("notes", "")), extra={k: v for k, v in row.items() if k not in known},
    )


def load_questions(path: Path) -> list[Question]:
    """All questions of a set; clear errors for a missing or empty file and bad lines."""
    if not path.is_file():
        raise DatasetError(f"question set {path} does not exist")
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            questions.append(parse_line(line, f"{path}:{number}"))
    if not questions:
        raise DatasetError(f"question set {path} is empty")
    ids = [question.id for question in questions]
    if len(set(ids)) != len(ids):
        raise DatasetError(f"{path}: duplicate question ids")
    return questions
