#!/usr/bin/env bash
# Set up and run every check: lint (ruff), format, types (mypy) and all tests, on both stores.
# Browser tests need Chromium at /usr/bin/chromium and PostgreSQL tests the server binaries
# (Debian packages "chromium" and "postgresql"); .ci/run installs both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: failing, a check that runs nothing proves nothing" >&2
    exit 1
fi
exit "$status"
