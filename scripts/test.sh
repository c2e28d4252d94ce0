#!/usr/bin/env bash
# Runs the whole test suite. Uses the PostgreSQL on 127.0.0.1:5432 when one answers; otherwise
# starts one for the run (see scripts/pg-for-tests.sh) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/pg-for-tests.sh
pg_for_tests_start
trap pg_for_tests_stop EXIT

mvn -B verify "$@"
