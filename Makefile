# Two commands set everything up on a fresh machine:
#   make demo   installs nlptk into .venv and runs segmentation, NER and sentiment on samples
#   make test   installs nlptk with its test, BERT and Spark extras into .venv and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test lint install install-dev bench docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

# torch first, pinned: that version is a local CPU wheel here; unpinned pulls GBs of CUDA.
install-dev: $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev,bert,plot,spark,serve]"

demo: install
	$(BIN)/nlptk segment tests/data/sample_zh.txt
	$(BIN)/nlptk ner --format inline tests/data/sample_zh.txt
	$(BIN)/nlptk sentiment --explain tests/data/sample_reviews.txt
	@echo "nlptk is installed in $(VENV): run 'source $(VENV)/bin/activate' to use the nlptk command (or call $(BIN)/nlptk)"

test: install-dev
	$(BIN)/python -m pytest -q --run-slow --run-bert $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check nlptk tests bench scripts

# The documentation site, into site/ (open site/index.html: it works from the file system).
# --strict: any warning (a broken link, a missing API reference) fails the build.
docs: $(BIN)/python
	$(BIN)/pip install -q -e ".[docs]"
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

bench: install-dev
	$(BIN)/python bench/bench_segment.py
