"""The command line's commands and options, built without importing what the commands use."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tracker import config
from tracker.vocabulary import FILE_KINDS, PROJECT_KINDS


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date in the form YYYY-MM-DD (e.g. 2025-06-30)"
        ) from exc


def _view_options(command: argparse.ArgumentParser) -> None:
    """The filters of a view, as a link has them: a whole link (or its query), or one by one."""
    command.add_argument(
        "--link",
        help="a link to the view (or its query: 'project=HNCL&as_of=2025-06-30'); the options "
        "below override its parameters",
    )
    command.add_argument("--province", help="2-digit province code")
    command.add_argument("--as-of", help="YYYY-MM-DD (default: the latest report)")
    command.add_argument("--project", action="append", help="project code (repeatable)")
    command.add_argument("--commune", action="append", help="5-digit commune code (repeatable)")
    command.add_argument("--baseline", help="TKKT or TKCS")
    command.add_argument("--blocker", help="open or overdue: only communes with such blockers")
    command.add_argument("--category", help="only blockers of this category")


def build_parser() -> argparse.ArgumentParser:
    """Every command and its options (nothing heavy is imported to build it)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        help="database file, or postgresql://user@host:port/dbname for a server "
        f"(default: $TRACKER_DB or {config.DEFAULT_DB_PATH})",
    )
    common.add_argument(
        "--lang", choices=["vi", "en"], default="vi", help="language of text and messages"
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
        help="2-digit province code, or 'all' for every province and the national average "
        f"(default: $TRACKER_PROVINCE or {config.DEFAULT_PROVINCE_CODE})",
    )
    summary.add_argument("--json", action="store_true", help="print JSON")

    template = commands.add_parser(
        "template",
        parents=[common],
        help="write an upload template",
        description="Write the upload template (Vietnamese headers) as CSV or, with an .xlsx "
        "output name, as Excel.",
    )
    template.add_argument("kind", choices=sorted(FILE_KINDS))
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
        description="Validate a clearance or disbursement file (the template, or a form the "
        "office keeps: CSV, .xlsx, .xls or .ods) and write all of it in one transaction, or "
        "nothing if any cell is wrong (exit 2, errors on stderr).",
    )
    upload.add_argument("file", type=Path)
    upload.add_argument("--kind", choices=sorted(FILE_KINDS), help="default: told by the headers")
    upload.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    upload.add_argument("--user", help="who is importing (default: the operating-system user)")
    upload.add_argument(
        "--blocker-proposals",
        type=Path,
        help="write the clearance file's 'Khó khăn, vướng mắc' texts as a blockers file to "
        "complete (category, agency) and import",
    )
    upload.add_argument(
        "--layout", help="read the file as this saved layout (default: the one it fits, if any)"
    )
    upload.add_argument("--project", help="project code, where the form does not name one")
    upload.add_argument(
        "--as-of", type=_date, help="date of the figures (YYYY-MM-DD), where the form has none"
    )
    upload.add_argument(
        "--save-layout", metavar="NAME", help="save how the form was read as a layout NAME"
    )

    layouts = commands.add_parser(
        "layouts", parents=[common], help="list the saved layouts of office forms"
    )
    layouts.add_argument("name", nargs="?", help="a layout: list all its versions")

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
    add.add_argument(
        "--scope",
        help="the provinces this account may write: 2-digit codes separated by commas (20 or "
        "11,20), or 'national' (default: an existing account keeps its own; a new one: national)",
    )
    add.add_argument("--user", help="who is doing this (default: the operating-system user)")
    disable = editor_actions.add_parser("disable", parents=[common], help="take editing away")
    disable.add_argument("name")
    disable.add_argument("--user", help="who is doing this (default: the operating-system user)")
    editor_actions.add_parser("list", parents=[common], help="list accounts, roles and scopes")

    commands.add_parser(
        "check",
        parents=[common],
        help="say which store is used, its schema version and whether it answers",
        description="One line: the store (a file, or a server URL without its password), its "
        "schema version and migrations still to apply, and whether it answers. Exit 2 when it "
        "cannot be reached.",
    )
    brief = commands.add_parser(
        "brief",
        parents=[common],
        help="write the weekly board brief (.docx)",
        description="The report the board presents, as a Word file: title block, headline "
        "figures against each baseline and the national average, a map of the communes, one "
        "table per project, lagging communes, open and overdue blockers, forecasts, sources. "
        "Its figures are those of the app for the same link.",
    )
    _view_options(brief)
    brief.add_argument("-o", "--output", type=Path, help="file to write (default: a dated name)")

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the figures of a view as CSV, XLSX, JSON or an OC4IDS package",
        description="The figures of a view (the same filters as a link) for other systems: "
        "CSV or XLSX (formula-like cells neutralised), JSON, or an OC4IDS 0.9 project package.",
    )
    _view_options(export)
    export.add_argument(
        "--format", choices=["csv", "xlsx", "json", "oc4ids"], default="csv", dest="format"
    )
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    copy = commands.add_parser(
        "copy",
        parents=[common],
        help="copy a whole store to an empty one (file to server or back)",
        description="Copy every upload, undo event, source, figure, published figure and "
        "account of one store into another, empty one, in one transaction. Either may be a "
        "DuckDB file or a postgresql:// URL.",
    )
    copy.add_argument("--from", dest="source", required=True, help="the store to copy")
    copy.add_argument("--to", dest="target", required=True, help="an empty store to copy into")
    return parser
