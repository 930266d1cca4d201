"""Splitting a scenario question into the sentences searched on their own."""

from __future__ import annotations

from retrieval.clauses import MIN_WORDS, clauses


def test_one_sentence_question_has_no_clauses():
    assert clauses("Can the requested State refuse assistance on the ground of bank secrecy?") == []


def test_each_long_sentence_is_a_clause_and_short_ones_are_dropped():
    question = ("The customs office stopped a lorry carrying untaxed cigarettes. "
                "The driver holds a foreign passport; his employer is registered abroad. "
                "Now what?")
    assert clauses(question) == [
        "The customs office stopped a lorry carrying untaxed cigarettes.",
        "The driver holds a foreign passport;",
        "his employer is registered abroad.",
    ]
    assert all(len(part.split()) >= MIN_WORDS for part in clauses(question))


def test_a_single_long_sentence_among_short_ones_is_not_split():
    assert clauses("Why? The witness refuses to travel to our country for the trial. Really?") == []


def test_sentence_ends_of_other_scripts_split():
    arabic = "هل يجوز رفض طلب المساعدة القانونية المتبادلة بسبب السرية المصرفية؟ وما هي الشروط المطلوبة في هذه الحالة؟"
    assert len(clauses(arabic)) == 2


def test_a_pasted_document_is_searched_for_its_longest_sentences_only():
    from retrieval.clauses import MAX_CLAUSES

    sentences = [f"Sentence number {n} says {'very ' * (n % 5)}little about the case." for n in range(40)]
    parts = clauses(" ".join(sentences))
    assert len(parts) == MAX_CLAUSES
    assert all("very very very very" in part for part in parts)
    assert parts == sorted(parts, key=sentences.index)  # still in the question's order
