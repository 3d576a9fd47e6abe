# emergence: two commands on a fresh machine.
#   make run   installs, builds the demo warehouse in DuckDB and prints what it found
#   make test  installs and runs every check
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DBT_PROFILES_DIR ?= $(CURDIR)
export DBT_PROJECT_DIR ?= $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install lint pytest bench orchestrate clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,orchestration]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/emergence run

test: $(STAMP)
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	$(BIN)/sqlfluff lint models macros tests
	$(BIN)/python -m pytest

# BENCH_SCALE multiplies the default world (10,000 accounts, 365 days); results in warehouse/bench/.
bench: $(STAMP)
	$(BIN)/python -m emergence.bench

# The Dagster UI (http://127.0.0.1:3000) on the warehouse that `make run` builds; run
# history goes to warehouse/dagster/ unless DAGSTER_HOME is set.
orchestrate: $(STAMP)
	@export DAGSTER_HOME="$${DAGSTER_HOME:-$(CURDIR)/warehouse/dagster}" && mkdir -p "$$DAGSTER_HOME" && \
		$(BIN)/dagster dev -m emergence.orchestration.definitions

lint: $(STAMP)
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	$(BIN)/sqlfluff lint models macros tests

clean:
	rm -rf warehouse target logs dbt_packages
