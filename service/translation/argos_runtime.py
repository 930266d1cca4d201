"""The one place argostranslate is imported, configured from palermo's settings first.

argostranslate reads its configuration (packages dir, XDG data/config/cache dirs, sentence
splitter, package index URL) from the environment once, when ``argostranslate.settings``
is imported. :func:`argos` sets those variables just before the first (lazy) import:
the packages dir and data dirs go under palermo's data dir, the package index points at a
local path that does not exist (so even an accidental index call cannot reach the
network), and the XDG variables are restored afterwards so other libraries keep theirs.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from types import SimpleNamespace

_lock = threading.Lock()
_loaded: SimpleNamespace | None = None
XDG_VARS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


def argos_environment(packages_dir: Path) -> dict[str, str]:
    """The ARGOS_* variables palermo sets before importing argostranslate."""
    home = packages_dir.parent / "argos-home"
    return {
        "ARGOS_PACKAGES_DIR": str(packages_dir),
        "ARGOS_PACKAGE_INDEX": (home / "no-package-index").as_uri() + "/",
        "ARGOS_CHUNK_TYPE": "ARGOSTRANSLATE",  # never SPACY: that downloads a model at import
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_MODEL_PROVIDER": "OPENNMT",
        "ARGOS_DEBUG": "0",
    }


def _xdg_environment(packages_dir: Path) -> dict[str, str]:
    home = packages_dir.parent / "argos-home"
    return {"XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache")}


def argos(packages_dir: Path) -> SimpleNamespace:
    """argostranslate's ``package``, ``translate``, ``sbd`` and ``settings`` modules, imported once.

    The first call decides argostranslate's own process-wide settings; palermo does not rely
    on them afterwards (it loads packages from its own folder), so later calls with another
    folder are safe.
    """
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _import(packages_dir)
        return _loaded


def _import(packages_dir: Path) -> SimpleNamespace:
    from retrieval.dense import force_offline

    force_offline()  # argostranslate imports huggingface_hub: the hub is off before it loads
    packages_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(argos_environment(packages_dir))
    saved = {name: os.environ.get(name) for name in XDG_VARS}
    os.environ.update(_xdg_environment(packages_dir))
    try:
        from argostranslate import package, sbd, settings, translate

        logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)  # it logs the text it translates at INFO
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return SimpleNamespace(package=package, translate=translate, sbd=sbd, settings=settings)
