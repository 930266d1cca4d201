"""LibreTranslates API at the root path, over palermos translator (see service/routers/libretranslate.py)."""
