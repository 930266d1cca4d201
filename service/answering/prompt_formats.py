"""Chat prompt formats for local GGUF models (a server applies its own template; a bare GGUF needs one).

Each format turns llama-index chat messages into the text the model was trained on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from corpora.errors import ConfigurationError


def gemma(messages: Sequence[Any]) -> str:
    """Gemma turns; the system text opens the first user turn (Gemma has no system role)."""
    system = "\n\n".join(str(m.content) for m in messages if str(m.role.value) == "system")
    turns = []
    for message in messages:
        role = str(message.role.value)
        if role == "system":
            continue
        content = f"{system}\n\n{message.content}" if system and not turns and role == "user" else str(message.content)
        turns.append(f"<start_of_turn>{'model' if role == 'assistant' else 'user'}\n{content}<end_of_turn>\n")
    return "".join(turns) + "<start_of_turn>model\n"


def chatml(messages: Sequence[Any]) -> str:
    """ChatML (<|im_start|>role ... <|im_end|>), used by many instruction-tuned models."""
    body = "".join(f"<|im_start|>{m.role.value}\n{m.content}<|im_end|>\n" for m in messages)
    return body + "<|im_start|>assistant\n"


def plain(messages: Sequence[Any]) -> str:
    """Role-labelled plain text."""
    return "\n\n".join(f"{str(m.role.value).upper()}: {m.content}" for m in messages) + "\n\nASSISTANT:"


FORMATS: dict[str, Callable[[Sequence[Any]], str]] = {"gemma": gemma, "chatml": chatml, "plain": plain}


def prompt_format(name: str) -> Callable[[Sequence[Any]], str]:
    """The formatter called ``name`` (a clear error names the choices)."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ConfigurationError(f"unknown PALERMO_LLM_PROMPT_FORMAT '{name}'; choose {', '.join(FORMATS)}") from None
