"""LibreTranslate's ``/languages`` and ``/frontend/settings`` bodies from palermo's installed packages."""

from __future__ import annotations

from corpora.settings import Settings
from service.translation import Translator
from service.translation.documents import MEDIA_TYPES

FRONTEND_TIMEOUT_MS = 500  # LibreTranslate's default --frontend-timeout


def language_list(translator: Translator) -> list[dict[str, object]]:
    """Every language of an installed package, with the targets it reaches (through English too).

    Target-only languages are listed with no targets, as LibreTranslate lists every loaded language.
    """
    names: dict[str, str] = {}
    for pkg in translator.installed_packages():
        names.setdefault(pkg.from_code, pkg.from_name or pkg.from_code)
        names.setdefault(pkg.to_code, pkg.to_name or pkg.to_code)
    targets = {info.code: list(info.targets) for info in translator.languages()}
    return [{"code": code, "name": names[code], "targets": targets.get(code, [])} for code in sorted(names)]


def frontend_settings(translator: Translator, settings: Settings) -> dict[str, object]:
    """What LibreTranslate's web client reads at start: limits, key policy, file formats, default languages."""
    languages = language_list(translator)
    codes = [str(item["code"]) for item in languages]
    target = "en" if "en" in codes else (codes[0] if codes else "en")
    target_name = next((str(item["name"]) for item in languages if item["code"] == target), "English")
    return {
        "charLimit": settings.translation_max_chars,
        "frontendTimeout": FRONTEND_TIMEOUT_MS,
        "apiKeys": bool(settings.api_keys),
        "keyRequired": bool(settings.api_keys),
        "suggestions": False,
        "filesTranslation": True,
        "supportedFilesFormat": sorted(MEDIA_TYPES),
        "language": {"source": {"code": "auto", "name": "Auto Detect"},
                     "target": {"code": target, "name": target_name}},
    }
