"""The administrator's command line: ``python -m tracker COMMAND``.

Whoever can run it can already write the database file, so it asks for no login; writes are
recorded under ``--user`` or the operating-system user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker import config
from tracker.alignments import read_alignment
from tracker.auth import list_editors, set_editor
from tracker.demo import ensure_demo, load_demo
from tracker.errors import InputError, TrackerError
from tracker.i18n import format_date, format_number, format_percent, format_vnd_billion
from tracker.ingest import commit_upload, prepare_upload
from tracker.problems import Problem
from tracker.projects import KINDS as PROJECT_KINDS
from tracker.projects import ProjectSpec, add_project, proposal_csv, propose_required_areas
from tracker.sql import run_query
from tracker.store import Store, open_store
from tracker.summary import build_summary, latest_report_date
from tracker.templates import KINDS, write_template
from tracker.uploads import undo_upload, upload_history


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date in the form YYYY-MM-DD (e.g. 2025-06-30)"
        ) from exc


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", help=f"database file (default: $TRACKER_DB or {config.DEFAULT_DB_PATH})"
    )
    parser = argparse.ArgumentParser(
        prog="python -m tracker",
        description="Land clearance and disbursement tracker: store, demo data and reports.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser(
        "init",
        parents=[common],
        help="create or upgrade the database",
        description="Create the database or apply pending migrations; --demo loads the demo "
        "province if the database holds no project yet.",
    )
    init.add_argument("--demo", action="store_true", help="load the Lạng Sơn demo data")

    summary = commands.add_parser(
        "summary",
        parents=[common],
        help="derived figures as of a date",
        description="Clearance against each design baseline, disbursement against each plan, "
        "and reconciliation warnings, as of a date.",
    )
    summary.add_argument("--as-of", type=_date, help="YYYY-MM-DD (default: latest report)")
    summary.add_argument("--project", action="append", help="project code (repeatable)")
    summary.add_argument(
        "--province",
        default=None,
        help="2-digit province code "
        f"(default: $TRACKER_PROVINCE or {config.DEFAULT_PROVINCE_CODE})",
    )
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of text")

    template = commands.add_parser(
        "template",
        parents=[common],
        help="write an upload template",
        description="Write the upload template (Vietnamese headers) as CSV or, with an .xlsx "
        "output name, as Excel.",
    )
    template.add_argument("kind", choices=sorted(KINDS))
    template.add_argument(
        "-o",
        "--output",
        type=Path,
        help="file to write (default: <kind>_template.csv in the current folder)",
    )

    upload = commands.add_parser(
        "import",
        parents=[common],
        help="validate and import a weekly file",
        description="Validate a clearance or disbursement file (CSV or .xlsx) and write all of "
        "it in one transaction, or nothing if any cell is wrong (exit 2, errors on stderr).",
    )
    upload.add_argument("file", type=Path)
    upload.add_argument("--kind", choices=sorted(KINDS), help="default: told by the headers")
    upload.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    upload.add_argument("--user", help="who is importing (default: the operating-system user)")
    upload.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of messages")

    uploads = commands.add_parser("uploads", parents=[common], help="list the upload history")
    uploads.add_argument("--json", action="store_true", help="print JSON")

    undo = commands.add_parser(
        "undo",
        parents=[common],
        help="undo a committed upload",
        description="Take a committed upload back; its figures stop counting and both the upload "
        "and its undo stay in the history.",
    )
    undo.add_argument("upload_id", type=int)
    undo.add_argument("--user", help="who is undoing (default: the operating-system user)")
    undo.add_argument("--note", help="why")
    project = commands.add_parser(
        "project",
        parents=[common],
        help="register a project and its alignment",
        description="Register a project (one upload). With --alignment, its geometry is loaded "
        "and the communes it crosses are proposed as a pre-filled clearance file to correct "
        "and upload.",
    )
    project_actions = project.add_subparsers(dest="action", required=True, metavar="ACTION")
    padd = project_actions.add_parser("add", parents=[common], help="register a new project")
    padd.add_argument("code", help="stable project code, e.g. HNCL")
    padd.add_argument("--name-vi", required=True)
    padd.add_argument("--name-en", required=True)
    padd.add_argument("--kind", required=True, choices=list(PROJECT_KINDS))
    padd.add_argument("--province", default=None, help="2-digit province code")
    padd.add_argument("--owner", help="investor or managing board")
    padd.add_argument("--started-on", type=_date, help="YYYY-MM-DD")
    padd.add_argument(
        "--alignment", type=Path, help="GeoJSON, KML/KMZ, GeoPackage or zipped Shapefile"
    )
    padd.add_argument(
        "--crs",
        help="CRS of the file when it has none or a wrong one, e.g. EPSG:3405 or VN2000-TM3-107.25",
    )
    padd.add_argument(
        "--indicative", action="store_true", help="the geometry is indicative, not surveyed"
    )
    padd.add_argument(
        "--corridor-width",
        type=float,
        default=None,
        help="land-take width in metres, to propose areas for a line",
    )
    padd.add_argument(
        "--proposal",
        type=Path,
        help="write the proposed per-commune table as a clearance upload file",
    )
    padd.add_argument(
        "--effective-from",
        type=_date,
        default=None,
        help="date of the proposed baseline (default: today)",
    )
    padd.add_argument("--user", help="who is registering (default: the operating-system user)")
    project_actions.add_parser("list", parents=[common], help="list projects")

    editor = commands.add_parser(
        "editor",
        parents=[common],
        help="manage editor accounts (who may upload and undo)",
        description="Editor accounts for the app. Passwords are stored only as salted hashes.",
    )
    editor_actions = editor.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = editor_actions.add_parser(
        "set", parents=[common], help="create an editor or set a new password or role"
    )
    add.add_argument("name", help="login name, or e-mail for OIDC sign-in")
    add.add_argument(
        "--role",
        choices=["viewer", "editor", "admin"],
        default="editor",
        help="viewer accounts make viewing require sign-in; editors and admins may write",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of prompting",
    )
    add.add_argument(
        "--oidc",
        action="store_true",
        help="no password: this account signs in with the identity provider",
    )
    add.add_argument("--user", help="who is doing this (default: the operating-system user)")
    disable = editor_actions.add_parser("disable", parents=[common], help="take editing away")
    disable.add_argument("name")
    disable.add_argument("--user", help="who is doing this (default: the operating-system user)")
    editor_actions.add_parser("list", parents=[common], help="list accounts and roles")
    return parser


def _open(args: argparse.Namespace) -> Store:
    """Open the store; on first run (nothing ever uploaded) load the demo, as the app does."""
    store = open_store(config.db_path(args.db))
    if ensure_demo(store) is not None:
        print(f"First run: loaded the demo province into {store.path}.", file=sys.stderr)
    return store


def _cmd_init(args: argparse.Namespace) -> int:
    store = open_store(config.db_path(args.db))
    applied = store.applied_migrations()
    message = f"Database {store.path}: schema {applied[-1]} ({len(applied)} migrations)."
    if args.demo:
        if not store.has_history():
            upload_id = load_demo(store)
            message += f" Demo loaded as upload {upload_id}."
        else:
            message += " It already has uploads; the demo was not loaded again."
    print(message)
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    store = _open(args)
    cur = store.cursor()
    province = args.province or config.province_code()
    as_of = args.as_of or latest_report_date(cur, province)
    if as_of is None:
        raise InputError(
            vi="Cơ sở dữ liệu chưa có báo cáo nào. Tải lên báo cáo hoặc chạy 'init --demo'.",
            en="The database holds no report yet. Upload one, or run 'init --demo'.",
        )
    data = build_summary(
        cur,
        as_of,
        province_code=province,
        projects=args.project,
        lang="en" if args.json else args.lang,
    )
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_summary(data, args.lang))
    return 0


def render_summary(data: dict[str, Any], lang: str) -> str:
    """The summary as lines of text in ``lang``."""
    vi = lang == "vi"
    as_of = dt.date.fromisoformat(data["as_of"])
    lines = [("Số liệu tính đến " if vi else "Figures as of ") + format_date(as_of, lang)]
    for p in data["projects"]:
        if p.get("cleared_ha") is None:
            continue
        name = p["name_vi"] if vi else p["name_en"]
        change = p["change_ha"] or 0
        pct_basic = format_percent(p["pct_basic"], lang, 2, min_decimals=1)
        pct_technical = format_percent(p["pct_technical"], lang, 2, min_decimals=1)
        lines.append(
            f"  {p['project_code']:<11} {name}: {format_number(p['cleared_ha'], lang)} ha"
            f" | {'TKCS' if vi else 'basic'} {pct_basic}"
            f" | {'TKKT' if vi else 'technical'} {pct_technical}"
            f" | {'+' if change >= 0 else ''}{format_number(change, lang)} ha"
            f" ({format_date(_iso(p['report_date']), lang)})"
            + (" [minh hoạ]" if vi and p["synthetic"] else " [synthetic]" if p["synthetic"] else "")
        )
    if data["disbursed_vnd"] is not None:
        lines.append(
            ("Giải ngân toàn tỉnh: " if vi else "Province-wide disbursement: ")
            + format_vnd_billion(data["disbursed_vnd"], lang)
            + f" | {'KH TW giao' if vi else 'central plan'} "
            f"{format_percent(data['pct_central_plan'], lang, 2, min_decimals=1)}"
            + f" | {'KH địa phương' if vi else 'local plan'} "
            f"{format_percent(data['pct_local_plan'], lang, 2, min_decimals=1)}"
            + (
                f" | {'bình quân cả nước' if vi else 'national average'} "
                f"{format_percent(data['national_avg_pct'], lang)}"
                if data["national_avg_pct"] is not None
                else ""
            )
        )
    for w in data["warnings"]:
        lines.append(("! Cảnh báo: " if vi else "! Warning: ") + str(w["message"]))
    return "\n".join(lines)


def _iso(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _cmd_template(args: argparse.Namespace) -> int:
    output = args.output or Path(f"{args.kind}_template.csv")
    write_template(args.kind, output)
    print(f"Wrote {output}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        raise InputError(
            vi=f"Không đọc được tệp {args.file}: {exc.strerror}.",
            en=f"Cannot read the file {args.file}: {exc.strerror}.",
        ) from exc
    store = _open(args)
    prepared = prepare_upload(
        store, content, args.file.name, user_name=args.user or getpass.getuser(), kind=args.kind
    )
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
    if args.dry_run:
        print(f"Dry run, nothing written: {args.file.name} ({prepared.kind}) {counts}.")
        return 0
    upload_id = commit_upload(store, prepared)
    print(f"Upload {upload_id} committed: {args.file.name} ({prepared.kind}) {counts}.")
    return 0


def _problem_line(p: Problem, lang: str) -> str:
    where = ("dòng" if lang == "vi" else "row") + f" {p.row}" if p.row is not None else "-"
    label = {
        "error": "LỖI" if lang == "vi" else "ERROR",
        "notice": "LƯU Ý" if lang == "vi" else "NOTICE",
    }[p.severity]
    column = f" [{p.column}]" if p.column else ""
    return f"{label} {where}{column}: {p.message(lang)}"


def _cmd_uploads(args: argparse.Namespace) -> int:
    history = upload_history(_open(args))
    if args.json:
        print(history.to_json(orient="records", date_format="iso", force_ascii=False))
        return 0
    for row in history.itertuples(index=False):
        print(
            f"{row.upload_id:>5}  {row.status:<9} {row.kind:<12} {row.uploaded_at:%Y-%m-%d %H:%M}"
            f"  {row.user_name:<14} rows={row.row_count:<7} {row.file_name}"
        )
    return 0


def _cmd_undo(args: argparse.Namespace) -> int:
    store = _open(args)
    undo_upload(store, args.upload_id, args.user or getpass.getuser(), args.note)
    print(f"Upload {args.upload_id} undone.")
    return 0


def _cmd_project(args: argparse.Namespace) -> int:
    store = _open(args)
    if args.action == "list":
        for row in run_query(store.cursor(), "projects", province=None).itertuples():
            print(f"{row.project_code}\t{row.province_code}\t{row.kind}\t{row.name_vi}")
        return 0
    province = args.province or config.province_code()
    alignment = None
    if args.alignment is not None:
        alignment = read_alignment(args.alignment, crs=args.crs, province_code=province)
    spec = ProjectSpec(
        code=args.code.strip().upper(),
        name_vi=args.name_vi,
        name_en=args.name_en,
        kind=args.kind,
        province_code=province,
        owner=args.owner,
        started_on=args.started_on,
    )
    upload_id = add_project(
        store,
        spec,
        user_name=args.user or getpass.getuser(),
        alignment=alignment,
        provenance="indicative" if args.indicative else "surveyed",
    )
    print(f"Project {spec.code} registered as upload {upload_id}.")
    if alignment is not None:
        proposal = propose_required_areas(alignment, province, args.corridor_width)
        for row in proposal.itertuples(index=False):
            print(
                f"  {row.code} {row.full_name}: {row.length_km:.3f} km, {row.point_count} points,"
                f" {row.area_ha:.2f} ha, corridor {row.corridor_ha:.2f} ha"
            )
        if args.proposal is not None:
            effective = args.effective_from or dt.date.today()
            args.proposal.write_bytes(proposal_csv(spec.code, proposal, effective))
            print(f"Proposed baseline written to {args.proposal}: correct it, then import it.")
    return 0


def _cmd_editor(args: argparse.Namespace) -> int:
    store = _open(args)
    actor = getattr(args, "user", None) or getpass.getuser()
    if args.action == "list":
        for name, role in list_editors(store):
            print(f"{name}\t{role}")
        return 0
    if args.action == "disable":
        set_editor(store, args.name, None, role="disabled", created_by=actor)
        print(f"{args.name}: editing disabled.")
        return 0
    password: str | None = None
    if not args.oidc:
        password = (
            sys.stdin.readline().rstrip("\n")
            if args.password_stdin
            else getpass.getpass(f"Password for {args.name}: ")
        )
    set_editor(store, args.name, password, role=args.role, created_by=actor)
    print(f"{args.name}: {args.role} account set.")
    return 0


_COMMANDS = {
    "init": _cmd_init,
    "summary": _cmd_summary,
    "template": _cmd_template,
    "import": _cmd_import,
    "uploads": _cmd_uploads,
    "undo": _cmd_undo,
    "editor": _cmd_editor,
    "project": _cmd_project,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except TrackerError as exc:
        print(exc.message(getattr(args, "lang", "vi")), file=sys.stderr)
        return 2
