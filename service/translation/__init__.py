"""Offline translation of requests and documents (argostranslate, glossary masking, protected spans).

Nothing here imports argostranslate at import time; see ``argos_runtime``.
"""

from service.translation.results import DocumentTranslation, LanguageInfo, TranslationResult
from service.translation.translator import Translator

__all__ = ["DocumentTranslation", "LanguageInfo", "TranslationResult", "Translator"]
