#!/usr/bin/env bash
# Create .venv (if missing) and install the pinned packages. Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "dev" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
fi
# Leaflet's files, from the pinned XStatic-Leaflet package, where Streamlit serves them
# (static/leaflet/, gitignored): the map loads nothing from a CDN.
.venv/bin/python -m tracker.web_assets static/leaflet
# The full commune boundaries the country map fetches when zoomed in (static/geo/, gitignored),
# made from the shipped geodata/.
.venv/bin/python -m tracker.maps.detail static/geo
