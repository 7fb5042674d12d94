"""Opening the store for a command, as the app does on first run."""

from __future__ import annotations

import argparse
import sys

from tracker.demo import ensure_demo
from tracker.store import Store, open_store


def open_for_command(args: argparse.Namespace) -> Store:
    """Open the store; on first run (nothing ever uploaded) load the demo, as the app does."""
    store = open_store(args.db)
    if ensure_demo(store) is not None:
        print(f"First run: loaded the demo province into {store.label}.", file=sys.stderr)
    return store
