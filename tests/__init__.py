"""palermo test-suite (a regular package: argostranslate installs a top-level `tests` package that would shadow a namespace one)."""
