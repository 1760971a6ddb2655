# `make train` and `make test` are all a new user needs; both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test train test lint format bench bench-large bench-cluster check clean

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

train: install
	$(BIN)/stance train --config experiments/wirestance-stance.toml
	$(BIN)/stance train --config experiments/wirestance-reaction.toml

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check stance tests benchmarks datasets
	$(BIN)/ruff format --check stance tests benchmarks datasets

format: install-test
	$(BIN)/ruff format stance tests benchmarks datasets
	$(BIN)/ruff check --fix stance tests benchmarks datasets

# Speed, each figure beside a plain scikit-learn reference from the same run (about 15 min).
bench: install-test
	$(BIN)/python benchmarks/bench_whole.py --sizes 2000,8000
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_model_files.py

# Training time and peak memory at 10k and 100k generated records of the NewsMTSC config,
# beside the plain script; the fitted growth exponent (about 20 minutes).
bench-large: install-test
	$(BIN)/python benchmarks/bench_whole.py --growth-only --sizes 10000,100000

# Archive prediction: local --jobs against a Dask LocalCluster of 1, 2, 4 worker processes
# (2,000 generated articles, a few minutes; --articles 100000 for the full size).
bench-cluster: install-test
	$(BIN)/python benchmarks/bench_cluster.py

check: lint test

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
