"""What every page needs, built once per browser session from the settings the entry point read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from corpora.settings import Settings
from ui.client import PalermoClient

STATE_KEY = "palermo_ui_context"


@dataclass(frozen=True)
class UiContext:
    """The API client and the few settings the pages show or obey."""

    client: PalermoClient
    api_url: str
    max_upload_bytes: int
    eval_runs_dir: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> "UiContext":
        """The context for these settings (the API key defaults to the first configured key)."""
        key = settings.ui_api_key or (settings.api_keys[0] if settings.api_keys else None)
        client = PalermoClient(settings.ui_api_url, key, timeout=settings.ui_timeout)
        return cls(client, settings.ui_api_url, settings.max_upload_bytes, settings.eval_runs_dir)


def install(context: UiContext) -> None:
    """Keep the context for this session (called by the entry point)."""
    st.session_state[STATE_KEY] = context


def current() -> UiContext:
    """The context of this session."""
    return st.session_state[STATE_KEY]


def human_bytes(size: int) -> str:
    """1536 -> '1.5 KB', 10485760 -> '10 MB'."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" or value == int(value) else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
