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

# Set up everything from a fresh clone, then start what exists (today: the CLI).
run: index
	@echo
	@echo "palermo is ready. Try:"
	@echo "  $(PALERMO) search \"What must a request for mutual legal assistance contain?\""
	@echo "  $(PALERMO) show UNTOC 18 15"
	@echo "  $(PALERMO) corpus list"
	@echo

test: install
	$(PY) -m pytest

# Benchmarks of issue 2 (parse counts, ingest times, search latency, dev recall).
bench: install
	$(PY) -m evals.bench_ingest_search

clean-index:
	rm -rf data/qdrant-edge data/qdrant-local
