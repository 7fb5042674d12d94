"""Weekly files on the command line: ``template``, ``import``, ``uploads`` and ``undo``."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from tracker.blockers import proposals_file
from tracker.cli.opening import open_for_command
from tracker.errors import InputError
from tracker.uploads import commit_upload, undo_upload, upload_history
from tracker.uploads.intake import prepare_file
from tracker.uploads.layouts import layout_from_reading, save_layout
from tracker.uploads.problems import Problem
from tracker.uploads.reading_text import reading_summary
from tracker.uploads.result import ProposedBlocker
from tracker.uploads.templates import write_template


def run_template(args: argparse.Namespace) -> int:
    output = args.output or Path(f"{args.kind}_template.csv")
    write_template(args.kind, output)
    print(f"Wrote {output}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        raise InputError(
            vi=f"Không đọc được tệp {args.file}: {exc.strerror}.",
            en=f"Cannot read the file {args.file}: {exc.strerror}.",
        ) from exc
    store = open_for_command(args)
    user = args.user or getpass.getuser()
    intake = prepare_file(
        store,
        content,
        args.file.name,
        user_name=user,
        kind=args.kind,
        layout=args.layout,
        project=args.project,
        as_of=args.as_of,
    )
    prepared = intake.prepared
    if intake.reading is not None:
        print(reading_summary(intake, lang), file=sys.stderr)
    for notice in prepared.notices:
        print(_problem_line(notice, lang), file=sys.stderr)
    if not prepared.ok:
        for error in prepared.errors:
            print(_problem_line(error, lang), file=sys.stderr)
        print(
            f"{len(prepared.errors)} lỗi; không ghi gì."
            if lang == "vi"
            else f"{len(prepared.errors)} errors; nothing was written.",
            file=sys.stderr,
        )
        return 2
    if prepared.duplicate_of is not None:
        print(
            f"Tệp giống hệt lần tải lên {prepared.duplicate_of}; không có gì thay đổi."
            if lang == "vi"
            else f"Identical to upload {prepared.duplicate_of}; nothing changed."
        )
        return 0
    counts = (
        f"{prepared.row_count} rows: {prepared.rows_new} new, {prepared.rows_changed} changed, "
        f"{prepared.rows_unchanged} unchanged; {len(prepared.notices)} notices"
    )
    if args.save_layout and intake.reading is not None:
        saved = save_layout(
            store,
            layout_from_reading(args.save_layout, intake.reading, saved_by=user, project=None),
        )
        print(f"Layout '{saved.label}' saved.", file=sys.stderr)
    if args.dry_run:
        print(f"Dry run, nothing written: {args.file.name} ({prepared.kind}) {counts}.")
        return 0
    upload_id = commit_upload(store, prepared)
    print(f"Upload {upload_id} committed: {args.file.name} ({prepared.kind}) {counts}.")
    _proposals(prepared.proposed_blockers, args.blocker_proposals, lang)
    return 0


def _proposals(proposals: list[ProposedBlocker], output: Path | None, lang: str) -> None:
    """Say how many "Khó khăn, vướng mắc" texts the file had, and write them as a blockers file
    to complete when asked."""
    if not proposals:
        return
    if output is not None:
        output.write_bytes(proposals_file(proposals))
    where = f" → {output}" if output else " (--blocker-proposals FILE)"
    print(
        f"{len(proposals)} vướng mắc đề xuất từ cột 'Khó khăn, vướng mắc'{where}"
        if lang == "vi"
        else f"{len(proposals)} proposed blockers from the 'Khó khăn, vướng mắc' column{where}",
        file=sys.stderr,
    )


def _problem_line(p: Problem, lang: str) -> str:
    where = ("dòng" if lang == "vi" else "row") + f" {p.row}" if p.row is not None else "-"
    label = {
        "error": "LỖI" if lang == "vi" else "ERROR",
        "notice": "LƯU Ý" if lang == "vi" else "NOTICE",
    }[p.severity]
    column = f" [{p.column}]" if p.column else ""
    return f"{label} {where}{column}: {p.message(lang)}"


def run_uploads(args: argparse.Namespace) -> int:
    history = upload_history(open_for_command(args))
    if args.json:
        print(history.to_json(orient="records", date_format="iso", force_ascii=False))
        return 0
    for row in history.itertuples(index=False):
        print(
            f"{row.upload_id:>5}  {row.status:<9} {row.kind:<12} {row.uploaded_at:%Y-%m-%d %H:%M}"
            f"  {row.user_name:<14} rows={row.row_count:<7} {row.file_name}"
        )
    return 0


def run_undo(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    undo_upload(store, args.upload_id, args.user or getpass.getuser(), args.note)
    print(f"Upload {args.upload_id} undone.")
    return 0
