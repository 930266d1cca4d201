# palermo — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PALERMO := $(VENV)/bin/palermo
STAMP := $(VENV)/.installed-stamp

.PHONY: install run index test bench clean-index

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU build of torch first (lies on this disk); anything else pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Build or update the index of the default corpus (incremental: unchanged files cost nothing).
index: install
	$(PALERMO) ingest

# Set up everything from a fresh clone, then serve the API (Ctrl-C stops it).
run: index
	@echo
	@echo "palermo API on http://127.0.0.1:8000 (OpenAPI at /docs). In another shell try:"
	@echo "  curl 'http://127.0.0.1:8000/v1/search?q=UNTOC%2018(15)&k=3'"
	@echo "  $(PALERMO) search --help   (the CLI needs the index: stop the API first)"
	@echo
	$(PALERMO) serve

test: install
	$(PY) -m pytest

# Benchmarks of issue 2 (parse counts, ingest times, search latency, dev recall).
bench: install
	$(PY) -m evals.bench_ingest_search

clean-index:
	rm -rf data/qdrant-edge data/qdrant-local
