# isocert — one front door. `make run` serves the demo on SQLite; `make test` runs every check.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint fmt typecheck migrations-check pytest browser bench docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/isocert migrate --noinput
	$(BIN)/isocert load-reference
	$(BIN)/isocert demo
	@echo ""
	@echo "  isocert is starting at http://$(HOST):$(PORT)/"
	@echo "    calculators  http://$(HOST):$(PORT)/calculators/audit-time/"
	@echo "    back office  http://$(HOST):$(PORT)/office/  (demo logins above)"
	@echo "    registry     http://$(HOST):$(PORT)/registry/"
	@echo "    API docs     http://$(HOST):$(PORT)/api/v1/docs"
	@echo ""
	ISOCERT_SECURE=0 $(BIN)/isocert serve --host $(HOST) --port $(PORT)

test: install lint typecheck migrations-check pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy src

migrations-check: install
	$(BIN)/isocert makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest

# Debian's chromium for the browser tests (Playwright drives /usr/bin/chromium; no browser download)
# and poppler-utils, whose pdftoppm renders certificate PDFs in the signing tests.
browser:
	(command -v chromium && command -v pdftoppm) >/dev/null || \
	  (apt-get update && apt-get install -y --no-install-recommends chromium poppler-utils)

# wrk (a load generator written in C) drives the benchmark's concurrent load: Python threads would
# take one of the machine's cores away from the server.
bench: install
	command -v wrk >/dev/null || (apt-get update && apt-get install -y --no-install-recommends wrk)
	$(BIN)/python bench/run.py

docs: install
	$(BIN)/python -m isocert.core.docgen docs/cli.md

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
