"""Run one import in its own process, saying when the write begins (the crash test kills it)."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.store import open_store
from tracker.uploads.prepare import commit_upload, prepare_upload


def main() -> None:
    target, file = sys.argv[1], Path(sys.argv[2])  # a database file or a postgresql:// URL
    store = open_store(target)
    prepared = prepare_upload(store, file.read_bytes(), file.name, user_name="crash-test")
    if not prepared.ok:
        raise SystemExit(f"fixture refused: {prepared.errors[:2]}")
    print("COMMITTING", flush=True)
    commit_upload(store, prepared)
    store.close()
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
