"""The language model behind generative answers, through llama-index's LLM interface.

One ``match`` on settings: a local GGUF through llama-cpp-python (``llm_model_path``), or an
OpenAI-compatible server (``llm_base_url``). Imports are lazy, so the extractive service never
loads them. Failures become :class:`ModelError` (503) with a message saying what to fix.
"""

from __future__ import annotations

from typing import Any

from corpora.errors import ModelError
from corpora.settings import Settings
from service.answering.prompt_formats import prompt_format

INSTALL_HINT = ("install the local-llm extra built for this CPU: CMAKE_ARGS=\"-DGGML_NATIVE=OFF -DGGML_AVX=ON "
                "-DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON\" pip install -e '.[local-llm]'")


def llm_configured(settings: Settings) -> bool:
    """Whether generative mode has a model to use."""
    return bool(settings.llm_model_path or settings.llm_base_url)


def build_llm(settings: Settings) -> Any:
    """The llama-index LLM chosen by the settings."""
    match (settings.llm_base_url, settings.llm_model_path):
        case (str() as url, _):
            from llama_index.llms.openai_like import OpenAILike

            return OpenAILike(model=settings.llm_model, api_base=url, api_key=settings.llm_api_key or "none",
                              is_chat_model=True, is_function_calling_model=False, temperature=0.0,
                              max_tokens=settings.llm_max_tokens, timeout=settings.llm_timeout, max_retries=0,
                              context_window=settings.llm_context_window)
        case (None, path) if path is not None:
            return _local_gguf(settings)
        case _:
            raise ModelError("generative mode needs an LLM: set PALERMO_LLM_MODEL_PATH (a GGUF file) or "
                             "PALERMO_LLM_BASE_URL (an OpenAI-compatible server); the extractive mode works without")


def _local_gguf(settings: Settings) -> Any:
    path = settings.llm_model_path
    if path is None or not path.is_file():
        raise ModelError(f"the GGUF model {path} does not exist (PALERMO_LLM_MODEL_PATH)")
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError:
        raise ModelError(f"llama-cpp-python is not installed; {INSTALL_HINT}") from None
    to_prompt = prompt_format(settings.llm_prompt_format)
    return LlamaCPP(model_path=str(path), temperature=0.0, max_new_tokens=settings.llm_max_tokens,
                    context_window=settings.llm_context_window, verbose=False, messages_to_prompt=to_prompt,
                    completion_to_prompt=lambda text: to_prompt([_user(text)]),
                    model_kwargs={"n_threads": settings.llm_threads, "n_gpu_layers": 0})


def _user(text: str) -> Any:
    from llama_index.core.llms import ChatMessage

    return ChatMessage(role="user", content=text)


def complete(llm: Any, system: str, prompt: str) -> str:
    """One chat completion; connection and model failures become ModelError."""
    from llama_index.core.llms import ChatMessage

    try:
        response = llm.chat([ChatMessage(role="system", content=system), ChatMessage(role="user", content=prompt)])
    except ModelError:
        raise
    except Exception as exc:  # the client libraries raise many kinds; all mean "no answer from the LLM"
        raise ModelError(f"the LLM did not answer ({type(exc).__name__}: {str(exc)[:200]}); "
                         "the extractive mode keeps working") from None
    return str(response.message.content or "")
