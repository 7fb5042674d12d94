"""Administering the store: ``init``, ``check``, ``copy``, ``project`` and ``editor``."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from tracker import config
from tracker.alignments import read_alignment
from tracker.auth import list_accounts, set_editor
from tracker.cli.opening import open_for_command
from tracker.demo import load_demo
from tracker.errors import InputError
from tracker.projects import ProjectSpec, add_project, proposal_csv, propose_required_areas
from tracker.scopes import Scope
from tracker.store import open_store, read_migrations
from tracker.store.base import Store, is_server_url


def run_init(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    applied = store.applied_migrations()
    message = f"Database {store.label}: schema {applied[-1]} ({len(applied)} migrations)."
    if args.demo:
        if not store.has_history():
            upload_id = load_demo(store)
            message += f" Demo loaded as upload {upload_id}."
        else:
            message += " It already has uploads; the demo was not loaded again."
    print(message)
    return 0


def run_check(args: argparse.Namespace) -> int:
    """One line: which store, its schema version, what is left to apply, and that it answers."""
    location = config.store_location(args.db)
    if not is_server_url(location) and not Path(location).exists():
        raise InputError(
            vi=f"Không có tệp cơ sở dữ liệu {location}. Tạo bằng lệnh 'init'.",
            en=f"There is no database file {location}. Create it with the 'init' command.",
        )
    store = open_store(location, migrate=False)
    try:
        print(describe_store(store))
    finally:
        store.close()
    return 0


def describe_store(store: Store) -> str:
    """The store in one line, with no password in it."""
    kind = "PostgreSQL" if store.engine == "postgres" else "DuckDB file"
    logged = store.row(
        """SELECT count(*) FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"""
    )
    applied = store.applied_migrations() if logged and logged[0] else []
    pending = [m.name for m in read_migrations(store.engine) if m.name not in applied]
    uploads = store.row("SELECT count(*) FROM uploads") if applied else None
    todo = f", {len(pending)} to apply (run init)" if pending else ", up to date"
    return (
        f"{kind} {store.label}: schema {applied[-1] if applied else 'empty'} "
        f"({len(applied)} migrations{todo}); answers; {uploads[0] if uploads else 0} uploads."
    )


def run_copy(args: argparse.Namespace) -> int:
    """Copy a whole store into an empty one."""
    from tracker.store.transfer import copy_store

    source = open_store(args.source)
    try:
        target = open_store(args.target)
        try:
            copied = copy_store(source, target)
        finally:
            target.close()
    finally:
        source.close()
    counts = ", ".join(f"{table} {rows}" for table, rows in sorted(copied.rows.items()) if rows)
    print(f"Copied {copied.total} rows from {source.label} to {target.label}: {counts}.")
    return 0


def run_project(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    if args.action == "list":
        for row in store.query("projects", province=None).itertuples():
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


def run_editor(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    actor = getattr(args, "user", None) or getpass.getuser()
    if args.action == "list":
        for name, role, scope in list_accounts(store):
            print(f"{name}\t{role}\t{scope.stored()}")
        return 0
    if args.action == "disable":
        set_editor(store, args.name, None, role="disabled", created_by=actor)
        print(f"{args.name}: editing disabled.")
        return 0
    chosen = Scope.parse(args.scope) if args.scope else None
    password: str | None = None
    if not args.oidc:
        password = (
            sys.stdin.readline().rstrip("\n")
            if args.password_stdin
            else getpass.getpass(f"Password for {args.name}: ")
        )
    set_editor(store, args.name, password, role=args.role, created_by=actor, scope=chosen)
    print(f"{args.name}: {args.role} account set.")
    return 0
