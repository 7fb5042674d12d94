"""The administrator's command line: ``python -m tracker COMMAND``.

Whoever can run it can already write the store, so it asks for no login; writes are recorded
under ``--user`` or the operating-system user. Each command imports what it needs only when it
runs, so ``--help`` and light commands start fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from tracker.cli.parser import build_parser
from tracker.errors import TrackerError

#: The module that runs each command (its function is ``run_<command>``).
_HANDLERS = {
    "init": "tracker.cli.admin",
    "check": "tracker.cli.admin",
    "copy": "tracker.cli.admin",
    "editor": "tracker.cli.admin",
    "project": "tracker.cli.admin",
    "summary": "tracker.cli.figures",
    "template": "tracker.cli.files",
    "import": "tracker.cli.files",
    "uploads": "tracker.cli.files",
    "undo": "tracker.cli.files",
    "brief": "tracker.cli.reports",
    "export": "tracker.cli.reports",
    "layouts": "tracker.cli.layouts",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(importlib.import_module(_HANDLERS[args.command]), f"run_{args.command}")
    try:
        return int(handler(args))
    except TrackerError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
