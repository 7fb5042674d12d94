"""``brief`` and ``export``: a view's figures as the board's Word brief, or for other systems."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from tracker.brief import gather, write_brief
from tracker.brief.document import brief_file_name
from tracker.cli.opening import open_for_command
from tracker.cli.views import view_from_args
from tracker.errors import InputError
from tracker.exports import csv_bytes, excel_bytes
from tracker.forecasts import forecast_dict
from tracker.oc4ids import build_package, validate_package
from tracker.tables import figures_table
from tracker.ui_text import t


def run_brief(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    figures = gather(store, view_from_args(store, args))
    output: Path = args.output or Path(brief_file_name(figures))
    output.write_bytes(write_brief(store, figures))
    print(f"Wrote {output}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    state = view_from_args(store, args)
    figures = gather(store, state)
    lang = state.lang
    if args.format == "oc4ids":
        package = build_package(store, figures.state, figures.as_of)
        problems = validate_package(package)
        if problems:
            raise InputError(
                vi="Gói OC4IDS không hợp lệ: " + "; ".join(problems[:5]),
                en="The OC4IDS package is not valid: " + "; ".join(problems[:5]),
            )
        data = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    elif args.format == "json":
        data = json.dumps(_view_json(figures), ensure_ascii=False, indent=2).encode("utf-8")
    else:
        table = figures_table(figures.rows, pd.Series(figures.names, dtype=object), lang)
        data = (
            excel_bytes(table, t("sheet_name", lang))
            if args.format == "xlsx"
            else csv_bytes(table, lang)
        )
    if args.output:
        args.output.write_bytes(data)
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _view_json(figures: Any) -> dict[str, Any]:
    """The view's figures as plain data: the summary (with forecasts), each project and commune's
    figures, and the blocker log as of the date."""
    rows = figures.rows.copy()
    for column in (
        "report_date",
        "previous_report_date",
        "basic_effective_from",
        "technical_effective_from",
    ):
        rows[column] = [
            None if pd.isna(v) else pd.Timestamp(v).date().isoformat() for v in rows[column]
        ]
    log = figures.log.copy()
    for column in ("changed_on", "raised_on", "due_on", "resolved_on", "first_recorded"):
        log[column] = [None if v is None else v.isoformat() for v in log[column]]
    return {
        "view": {k: v for k, v in vars(figures.state).items() if k != "as_of"}
        | {"as_of": figures.as_of.isoformat()},
        "summary": figures.summary,
        "communes": json.loads(rows.to_json(orient="records", force_ascii=False)),
        "blockers": json.loads(log.to_json(orient="records", force_ascii=False)),
        "forecasts": {f.project_code: forecast_dict(f) for f in figures.forecasts},
    }
