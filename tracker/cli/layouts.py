"""Saved layouts of office forms on the command line: ``layouts [NAME]``."""

from __future__ import annotations

import argparse

from tracker.cli.opening import open_for_command
from tracker.uploads.layouts import layout_versions, list_layouts


def run_layouts(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    found = layout_versions(store, args.name) if args.name else list_layouts(store)
    for layout in found:
        when = f"{layout.saved_at:%Y-%m-%d %H:%M}" if layout.saved_at else ""
        mapped = sum(bool(f) for f in layout.choices.fields.values())
        print(
            f"{layout.name:<30} v{layout.version:<3} {layout.kind:<12} {mapped:>3} columns  "
            f"{layout.saved_by:<14} {when}"
        )
    return 0
