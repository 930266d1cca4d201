"""Tiny real argostranslate packages (nl->en, en->fr; committed fixtures); a translator using them."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.settings import load_settings
from service.translation import Translator
from tests.translation.tiny_package import PAIRS, tiny_package


@pytest.fixture(scope="session")
def tiny_packages() -> dict[str, Path]:
    """The .argosmodel files (tests/fixtures/argos/, or a rebuild named by $PALERMO_TINY_ARGOS_DIR)."""
    return {pair: tiny_package(*pair.split("-")) for pair in PAIRS}


@pytest.fixture(scope="session")
def translation_settings(tmp_path_factory, tiny_packages):
    """Settings on a fresh data dir with both tiny packages installed."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("translation") / "data")
    translator = Translator(settings)
    for archive in tiny_packages.values():
        translator.install_package(archive)
    return settings


@pytest.fixture(scope="session")
def translator(translation_settings) -> Translator:
    """A translator over the installed tiny packages (models load on first use)."""
    return Translator(translation_settings)
