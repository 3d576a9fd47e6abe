# emergence: two commands on a fresh machine.
#   make run   installs, builds the demo warehouse in DuckDB and prints what it found
#   make test  installs and runs every check (make test-fast: the inner loop, under 3 minutes)
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

.PHONY: run test test-fast install engines semantic bi bi-env lint lint-changed bench orchestrate clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,orchestration]'
	@touch $(STAMP)

# The engine tests' needs (python/tests/test_engine_*.py): the `engines` extra (dbt-postgres,
# dbt-spark and pyspark), a PostgreSQL server and Java 17 for Spark, from apt-get when missing
# (CI runs as root). Without them the engine tests fail; they never skip.
ENGINES_STAMP := $(VENV)/.engines-stamp
POSTGRES_FOUND := command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
JAVA_FOUND := command -v java >/dev/null || test -x "$${JAVA_HOME:-/nonexistent}/bin/java"

engines: $(ENGINES_STAMP)
	@$(POSTGRES_FOUND) || { \
		test "$$(id -u)" = 0 || { echo "engines: PostgreSQL is missing; run as root, or apt-get install postgresql" >&2; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
	@$(JAVA_FOUND) || { \
		test "$$(id -u)" = 0 || { echo "engines: Java is missing; run as root, or apt-get install openjdk-17-jre-headless" >&2; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

$(ENGINES_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[engines]'
	@touch $(ENGINES_STAMP)

# MetricFlow for the semantic layer's tests (python/tests/test_semantic_layer.py).
SEMANTIC_STAMP := $(VENV)/.semantic-stamp

semantic: $(SEMANTIC_STAMP)

$(SEMANTIC_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[semantic]'
	@touch $(SEMANTIC_STAMP)

# Apache Superset on the published snapshot (python/emergence/bi/, docs/bi.md): its own venv
# in .venv-superset/, and Debian's chromium and chromedriver for python/tests/test_bi.py, from
# apt-get when missing (CI runs as root). Without them the BI test fails; it never skips.
BROWSER_FOUND := command -v chromium >/dev/null && command -v chromedriver >/dev/null

bi-env: $(STAMP)
	@$(BROWSER_FOUND) || { \
		test "$$(id -u)" = 0 || { echo "bi-env: chromium is missing; run as root, or apt-get install chromium chromium-driver" >&2; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	$(BIN)/python -m emergence.bi.launch install

# The dashboards on warehouse/published/current (after `make run`), on http://127.0.0.1:8088
# (BI_PORT to change it); builds Superset's venv the first time.
bi: $(STAMP)
	$(BIN)/python -m emergence.bi.launch serve

run: $(STAMP)
	$(BIN)/emergence run

# pytest runs on two processes; tests that read the same built world share one (conftest.py).
PYTEST := $(BIN)/python -m pytest -n $(or $(PYTEST_WORKERS),2) --dist loadgroup

test: lint engines semantic bi-env
	$(PYTEST) --durations=20

# The inner loop: ruff, sqlfluff on the SQL files changed since LINT_BASE, the kernels and
# unit tests, and the shared small world's build with the tests that read it; leaves out the
# tests that build worlds of their own and the BI test. The engine tests are not even
# collected: their drivers come with `make engines`, which only `make test` installs.
# `make test` lints every file.
test-fast: lint-changed semantic
	$(PYTEST) -m "not own_world and not bi" --ignore-glob='*/test_engine_*.py'

# BENCH_SCALE multiplies the default world (10,000 accounts, 365 days); results in warehouse/bench/.
# BENCH_ENGINE=spark builds one world on DuckDB and on local Spark (needs `make engines`).
bench: $(STAMP) $(if $(filter spark,$(BENCH_ENGINE)),engines)
	$(BIN)/python -m emergence.bench

# The Dagster UI (http://127.0.0.1:3000) on the warehouse that `make run` builds; run
# history goes to warehouse/dagster/ unless DAGSTER_HOME is set.
orchestrate: $(STAMP)
	@export DAGSTER_HOME="$${DAGSTER_HOME:-$(CURDIR)/warehouse/dagster}" && mkdir -p "$$DAGSTER_HOME" && \
		$(BIN)/dagster dev -m emergence.orchestration.definitions

# sqlfluff lints the dbt project, then the package's own queries from their folder, where
# python/emergence/.sqlfluff (placeholder templater, $name parameters) applies.
lint: $(STAMP)
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	$(BIN)/sqlfluff lint --processes 2 models macros tests
	cd python/emergence && $(abspath $(BIN))/sqlfluff lint --processes 2 .

# sqlfluff's dbt templater compiles the whole project first (about 13 s), then each file: on
# every file that is two minutes, so the inner loop lints only what differs from LINT_BASE
# (committed or not, untracked included); with nothing changed it lints nothing.
LINT_BASE ?= main
CHANGED_SQL = { git diff --name-only --diff-filter=d $$(git merge-base HEAD $(LINT_BASE) 2>/dev/null || echo HEAD); \
	git ls-files --others --exclude-standard; } | sort -u | grep '\.sql$$'

lint-changed: $(STAMP)
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	@dbt_sql=$$($(CHANGED_SQL) | grep -E '^(models|macros|tests)/'); \
	pkg_sql=$$($(CHANGED_SQL) | grep '^python/emergence/' | sed 's|^python/emergence/||'); \
	echo "sqlfluff: $$(echo $$dbt_sql $$pkg_sql | wc -w) changed SQL file(s) since $(LINT_BASE)"; \
	if [ -n "$$dbt_sql" ]; then $(BIN)/sqlfluff lint --processes 2 $$dbt_sql || exit 1; fi; \
	if [ -n "$$pkg_sql" ]; then cd python/emergence && $(abspath $(BIN))/sqlfluff lint --processes 2 $$pkg_sql; fi

clean:
	rm -rf warehouse target logs dbt_packages
