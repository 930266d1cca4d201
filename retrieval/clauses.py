"""A long question split into its sentences, so each part of a scenario is searched on its own.

A practitioner's question often tells a story ("We seized ... . The owner says ... . Can we ...?")
whose legal ingredients sit in different sentences; searched as one bag of words, the longest
sentence drowns the others. Each sentence of at least ``MIN_WORDS`` words becomes a clause.
"""

from __future__ import annotations

import re

#: Sentence ends in Latin, CJK and Arabic script (followed by a space, or not, in CJK).
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|(?<=[。？！؟；])\s*")
#: Shorter sentences ("Is that allowed?") carry no topic of their own.
MIN_WORDS = 4
#: A question pasted with a whole document in it is searched for its longest sentences only, so that its
#: cost stays that of a long question.
MAX_CLAUSES = 8


def clauses(question: str) -> list[str]:
    """The question's sentences of at least ``MIN_WORDS`` words; empty for a one-sentence question."""
    sentences = [part.strip() for part in _SENTENCE_END.split(question) if part and part.strip()]
    long_enough = [sentence for sentence in sentences if len(sentence.split()) >= MIN_WORDS]
    if len(long_enough) > MAX_CLAUSES:
        longest = set(sorted(range(len(long_enough)), key=lambda i: -len(long_enough[i]))[:MAX_CLAUSES])
        long_enough = [sentence for i, sentence in enumerate(long_enough) if i in longest]
    return long_enough if len(long_enough) >= 2 else []
