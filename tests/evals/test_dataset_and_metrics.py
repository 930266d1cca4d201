"""Question-set loader and the pure metric functions, on tiny hand-made cases."""

from __future__ import annotations

import json

import pytest

from corpora.errors import DatasetError
from evals.dataset import GoldCitation, load_questions
from evals.metrics import (
    Retrieved, citation_precision, citation_recall, fact_coverage, fact_present, matches, percentile,
    recall_at, reciprocal_rank,
)

GOOD = {"id": "q1", "question": "What?", "lang": "en", "type": "definition", "answerable": True,
        "gold": [{"instrument": "X", "article": "2", "paragraph": None}], "must_include": ["one month"]}


def _write(tmp_path, rows):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n")
    return path


def test_loads_a_good_set(tmp_path):
    follow_up = {**GOOD, "id": "q2", "type": "follow_up", "history": [{"role": "user", "content": "Before?"}]}
    questions = load_questions(_write(tmp_path, [GOOD, follow_up]))
    assert [q.id for q in questions] == ["q1", "q2"]
    assert questions[0].gold == (GoldCitation("X", "2", None),)
    assert questions[1].history[0]["content"] == "Before?"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", r"set.jsonl:2: not valid JSON"),
        ({k: v for k, v in GOOD.items() if k != "gold"} | {"id": "b"}, r"set.jsonl:2: missing field\(s\) gold"),
        (GOOD | {"id": "b", "type": "riddle"}, r"set.jsonl:2: unknown type 'riddle'"),
        (GOOD | {"id": "b", "gold": [{"article": "2"}]}, r"set.jsonl:2: gold entry .* needs an 'instrument'"),
        (GOOD | {"id": "b", "gold": [{"instrument": "X", "article": 2, "paragraph": None}]}, r"gold article must be a string"),
        (GOOD | {"id": "b", "history": "hello"}, r"'history' must be a list"),
        (GOOD, r"duplicate question ids"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, bad, message):
    with pytest.raises(DatasetError, match=message):
        load_questions(_write(tmp_path, [GOOD, bad]))


def test_missing_and_empty_sets(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_questions(tmp_path / "nope.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(DatasetError, match="is empty"):
        load_questions(empty)


def test_matching_rules():
    assert matches(GoldCitation("X", "18", "29"), Retrieved("X", "18", "29"))
    assert not matches(GoldCitation("X", "18", "29"), Retrieved("X", "18", "2"))
    assert matches(GoldCitation("X", "2", None), Retrieved("X", "2", "5"))  # paragraph null: any paragraph
    assert matches(GoldCitation("X", "2", None), Retrieved("X", "2", None))
    assert not matches(GoldCitation("X", "2", None), Retrieved("Y", "2", None))
    assert matches(GoldCitation("R", None, "24"), Retrieved("R", None, "24"))  # report paragraph
    assert not matches(GoldCitation("R", None, "24"), Retrieved("R", "24", None))


def test_recall_and_mrr():
    gold = [GoldCitation("X", "1", "1"), GoldCitation("X", "1", "2")]
    ranked = [Retrieved("X", "9", None), Retrieved("X", "1", "2"), Retrieved("X", "1", "1")]
    assert recall_at(gold, ranked, 1) == 0.0
    assert recall_at(gold, ranked, 2) == 0.5
    assert recall_at(gold, ranked, 3) == 1.0
    assert reciprocal_rank(gold, ranked) == 0.5
    assert reciprocal_rank(gold, []) == 0.0


def test_key_facts():
    assert fact_present("one month", "within ONE\n month of the designation")
    assert fact_present("90", "ninety days") and fact_present("ninety", "90 days")
    assert fact_present("390,151", "390151 users") and fact_present("2956", "2,956 users")
    assert not fact_present("onus of proof", "burden of proof")
    assert fact_coverage(["a", "b"], "only a here") == 0.5
    assert fact_coverage([], "anything") == 1.0


def test_citation_recall_and_precision():
    gold = [GoldCitation("X", "18", "29")]
    cited = [Retrieved("X", "18", "29"), Retrieved("X", "18", "3")]
    assert citation_recall(gold, cited) == 1.0
    assert citation_precision(gold, cited) == 0.5
    assert citation_recall(gold, []) == 0.0


def test_percentile():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([], 0.5) == 0.0


def test_buckets():
    from evals.metrics import bucket

    base = dict(answerable=True, abstained=False, citation_recall_value=1.0, fact_coverage_value=1.0,
                cites_missing_provision=False, invented=False)
    assert bucket(**base) == "correct"
    assert bucket(**{**base, "fact_coverage_value": 0.5}) == "incomplete"
    assert bucket(**{**base, "citation_recall_value": 0.0}) == "incomplete"
    assert bucket(**{**base, "abstained": True}) == "refused"
    assert bucket(**{**base, "cites_missing_provision": True}) == "hallucinated"
    unanswerable = {**base, "answerable": False}
    assert bucket(**{**unanswerable, "abstained": True}) == "correct_abstention"
    assert bucket(**{**unanswerable, "abstained": False}) == "missed_abstention"
    assert bucket(**{**unanswerable, "abstained": True, "invented": True}) == "hallucinated"


def test_invented_specifics():
    from evals.metrics import invented_specifics

    sources = "The request shall be made within 90 days. Contact: registry@unodc.org"
    assert invented_specifics("Within 90 days, write to registry@unodc.org.", sources) == []
    assert invented_specifics("Call +49 30 1234 5678 or bka@example.de", sources) == ["+49 30 1234 5678", "bka@example.de"]
