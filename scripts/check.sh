#!/usr/bin/env bash
# Set up and run every check: lint (ruff), format, types (mypy on tracker/) and all tests.
# Browser tests need Chromium at /usr/bin/chromium (Debian package "chromium"); .ci/run installs it.
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
