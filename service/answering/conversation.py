"""Follow-up questions: what the earlier turns carry over to the retrieval of the next one."""

from __future__ import annotations

from collections.abc import Sequence

from corpora.errors import InvalidRequestError
from service.answering.records import Turn

MAX_TURNS = 50
MAX_TURN_CHARS = 20_000
CARRIED_USER_TURNS = 2


def validate_history(history: Sequence[Turn]) -> None:
    """Reject histories that are too long or hold empty turns."""
    if len(history) > MAX_TURNS:
        raise InvalidRequestError(f"the history has {len(history)} turns; at most {MAX_TURNS} are accepted")
    for index, turn in enumerate(history):
        if turn.role not in ("user", "assistant"):
            raise InvalidRequestError(f"history[{index}].role must be 'user' or 'assistant'")
        if len(turn.content) > MAX_TURN_CHARS:
            raise InvalidRequestError(f"history[{index}] is longer than {MAX_TURN_CHARS} characters")


def retrieval_context(history: Sequence[Turn]) -> list[str]:
    """The last user turns: they carry the instrument and the topic into a follow-up
    ("and for extradition?"); the retriever adds them to the query and takes instrument
    names from them when the new question names none."""
    user_turns = [turn.content for turn in history if turn.role == "user" and turn.content.strip()]
    return user_turns[-CARRIED_USER_TURNS:]

