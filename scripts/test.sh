#!/usr/bin/env bash
# Runs the whole test suite. Uses the PostgreSQL on 127.0.0.1:5432 when one answers; otherwise
# starts one for the run (see scripts/pg-for-tests.sh) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

# The admin console's browser tests drive Debian's chromium through chromium-driver: install both
# when they are missing and we may (root), and stop here otherwise. Browser tests are never skipped.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing chromium and chromium-driver for the console's browser tests" >&2
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  else
    echo "test.sh: /usr/bin/chromium and /usr/bin/chromedriver are needed by the browser tests;" >&2
    echo "         install them as root: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi

source scripts/pg-for-tests.sh
pg_for_tests_start
trap pg_for_tests_stop EXIT

mvn -B verify "$@"
