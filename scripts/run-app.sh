#!/usr/bin/env bash
# Set up and start the app on http://127.0.0.1:8501 (the demo province loads on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/streamlit run app.py --server.address 127.0.0.1 --server.port "${PORT:-8501}" "$@"
