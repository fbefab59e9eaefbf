# Factcheck: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python 3.12+ found: pyenv's (via .python-version), then python3.13, python3.12.
PYTHON := $(shell for candidate in python3 python3.13 python3.12; do \
	if command -v $$candidate >/dev/null 2>&1 && \
	   $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	   echo $$candidate; break; fi; done)

.PHONY: help install run test lint format bench browser mutation mutation-views clean

help:
	@echo "make run    set up, load the demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   set up and run lint and the whole test suite"
	@echo "make lint   ruff check and format check"
	@echo "make bench  performance benchmarks (PostgreSQL; see README)"
	@echo "make mutation [MODULE=claims/...py]  mutation testing and kill rates (see README)"

$(BIN)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Factcheck needs Python 3.12 or newer: install python3.12 (or use pyenv) and retry."; \
		exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e . --group test
	@touch $@

install: $(BIN)/.installed

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --verbosity 0
	DEBUG=1 $(BIN)/python manage.py demo
	@echo
	@echo "Open http://$(HOST):$(PORT)/ and log in as reviewer, reviewer2, editor or admin."
	@echo
	@# One task worker (source checks) beside the web server, stopped when the server stops.
	DEBUG=1 $(BIN)/python manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; the accessibility and HTML checks need axe-core and
# the Nu validator from the npm registry (package.json, pinned in package-lock.json) and Java.
# Install what is missing, when we may.
browser: node_modules/.installed
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
		fi; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Java for the HTML validator..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
		else \
			echo "The HTML validator needs Java 11 or newer: sudo apt-get install default-jre-headless"; exit 1; \
		fi; \
	fi

# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use the system's.
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing npm for the test tools..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
		else \
			echo "The browser tests' tools come from npm: sudo apt-get install npm"; exit 1; \
		fi; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --cov measures claims/ and fails under the figure in pyproject's [tool.coverage.report];
# to run a few tests this way, pass PYTEST_ARGS="--no-cov tests/test_x.py".
test: install lint browser
	DEBUG=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --cov=claims $(PYTEST_ARGS)

bench: install
	@status=0; for script in bench/bench_*.py; do \
		echo "== $$script"; DEBUG=1 $(BIN)/python $$script || { echo "MISSED: $$script"; status=1; }; \
	done; exit $$status

# Mutation testing (mutmut): the modules in pyproject's [tool.mutmut] only_mutate, or just
# MODULE. Each run starts afresh so the rates are those of the code and tests as they are.
# One worker: the machine is shared. SQLite unless MUTATION_DATABASE_URL names a database.
MODULE ?=
MUTATION_DATABASE_URL ?=
mutation: install
	rm -rf mutants
	env -u PYTHONPATH DEBUG=1 DATABASE_URL="$(MUTATION_DATABASE_URL)" DATABASE_POOL=0 \
		$(BIN)/mutmut run --max-children 1 $(if $(MODULE),"$(subst /,.,$(MODULE:.py=)).*")
	$(BIN)/mutmut results --all true | $(BIN)/python -m tests.mutation_report $(MODULE)

# The views' permission checks, which mutmut does not reach (it skips decorated functions).
mutation-views: install
	DEBUG=1 $(BIN)/python -m tests.view_check_mutants

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles mutants .coverage htmlcov
