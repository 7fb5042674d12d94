"""Editor scopes: in a store shared by provinces, an account writes only its own provinces'
projects; anything touching another province is refused, naming the project and the scope, and
nothing is written. The command line is not restricted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import D, batch, project_row

from tracker import auth
from tracker.errors import InputError
from tracker.projects import ProjectSpec, add_project
from tracker.scopes import NATIONAL, OutOfScope, Scope
from tracker.store import open_store
from tracker.uploads import commit_batch, commit_upload, prepare_upload, undo_upload

REPO = Path(__file__).resolve().parent.parent
LANG_SON = Scope.parse("20")
STATUS = (
    "\ufeffMã dự án;Ngày báo cáo;Giai đoạn;Khối lượng đã thực hiện (%);Ghi chú\r\n{rows};;;;\r\n"
)


def _file(*rows: str) -> bytes:
    return STATUS.format(rows="\r\n".join(rows)).encode("utf-8")


@pytest.fixture
def shared(store):
    """A store holding a Lạng Sơn project and a Điện Biên one, as a ministry deployment would."""
    commit_batch(
        store,
        batch(
            {"projects": [project_row("LS-ROAD"), project_row("DB-SCHOOL", province="11")]},
            kind="projects",
            name="registrations",
        ),
    )
    return store


def _counts(store) -> tuple[int, int]:
    uploads = store.row("SELECT count(*) FROM uploads")
    rows = store.row("SELECT count(*) FROM project_status_reports")
    return int(uploads[0]), int(rows[0])


def test_a_lang_son_editor_cannot_upload_a_dien_bien_project(shared) -> None:
    before = _counts(shared)
    prepared = prepare_upload(
        shared,
        _file("LS-ROAD;28/03/2024;Đang thực hiện;40;", "DB-SCHOOL;28/03/2024;Đang thực hiện;85;"),
        "tuan_13.csv",
        user_name="ls-officer",
        today=D(2024, 4, 1),
        scope=LANG_SON,
    )
    (error,) = prepared.errors
    assert (error.row, error.column, error.value, error.code) == (
        3,
        "Mã dự án",
        "DB-SCHOOL",
        "outside_scope",
    )
    for lang, province, scope in (
        ("vi", "tỉnh Điện Biên (11)", "tỉnh Lạng Sơn (20)"),
        ("en", "Điện Biên (11)", "Lạng Sơn (20)"),
    ):
        message = error.message(lang)
        assert "DB-SCHOOL" in message and province in message and scope in message
    with pytest.raises(InputError):
        commit_upload(shared, prepared, LANG_SON)
    assert _counts(shared) == before


def test_a_preparation_made_without_a_scope_is_refused_at_commit(shared) -> None:
    before = _counts(shared)
    prepared = prepare_upload(
        shared,
        _file("DB-SCHOOL;28/03/2024;Đang thực hiện;85;"),
        "tuan_13.csv",
        user_name="ls-officer",
        today=D(2024, 4, 1),
    )
    assert prepared.ok
    with pytest.raises(OutOfScope) as refused:
        commit_upload(shared, prepared, LANG_SON)
    assert "DB-SCHOOL" in refused.value.message("en")
    assert "Lạng Sơn (20)" in refused.value.message("en")
    assert "Nothing was written" in refused.value.message("en")
    assert _counts(shared) == before
    # The province's own projects, and a national account, go through.
    own = prepare_upload(
        shared,
        _file("LS-ROAD;28/03/2024;Chuẩn bị đầu tư;;"),
        "ls.csv",
        user_name="ls",
        scope=LANG_SON,
    )
    assert commit_upload(shared, own, LANG_SON) > 0
    assert commit_upload(shared, prepared, NATIONAL) > 0


def test_undo_of_another_provinces_upload_is_refused(shared) -> None:
    prepared = prepare_upload(
        shared, _file("DB-SCHOOL;28/03/2024;Đang thực hiện;85;"), "db.csv", user_name="db"
    )
    upload_id = commit_upload(shared, prepared, Scope.parse("11"))
    with pytest.raises(OutOfScope) as refused:
        undo_upload(shared, upload_id, "ls-officer", scope=LANG_SON)
    assert "DB-SCHOOL" in refused.value.message("vi")
    assert "tỉnh Lạng Sơn (20)" in refused.value.message("vi")
    status = shared.row(
        "SELECT count(*) FROM upload_events WHERE upload_id = $id", {"id": upload_id}
    )
    assert status == (1,)  # still committed, no undo event
    undo_upload(shared, upload_id, "db-officer", scope=Scope.parse("11,20"))


def test_registration_outside_the_scope_is_refused(shared) -> None:
    spec = ProjectSpec("DB-STADIUM", "Sân vận động tỉnh", "Provincial stadium", "other", "11")
    before = _counts(shared)
    with pytest.raises(OutOfScope) as refused:
        add_project(shared, spec, user_name="ls-officer", scope=LANG_SON)
    assert "DB-STADIUM" in refused.value.message("en") and "Điện Biên" in refused.value.message(
        "en"
    )
    assert _counts(shared) == before
    assert add_project(shared, spec, user_name="minister", scope=NATIONAL) > 0


def test_the_account_carries_its_scope_through_sign_in(store) -> None:
    auth.set_editor(store, "ls-officer", "mat-khau-lang-son", created_by="admin", scope=LANG_SON)
    editor = auth.sign_in(store, "ls-officer", "mat-khau-lang-son")
    assert editor.scope == LANG_SON and editor.can_write
    # A new password keeps the scope; a new scope is a new row, the old one stays.
    auth.set_editor(store, "ls-officer", "mat-khau-moi-dai", created_by="admin")
    assert auth.sign_in(store, "ls-officer", "mat-khau-moi-dai").scope == LANG_SON
    auth.set_editor(store, "ls-officer", None, created_by="admin", scope=Scope.parse("20, 11"))
    assert auth.list_accounts(store) == [("ls-officer", "editor", Scope(frozenset({"11", "20"})))]
    assert store.row("SELECT count(*) FROM editor_accounts") == (3,)


@pytest.mark.parametrize("text", ["", "99", "20;11", "tinh"])
def test_a_scope_names_known_provinces_or_national(text: str) -> None:
    with pytest.raises(InputError) as refused:
        Scope.parse(text)
    assert "national" in refused.value.message("en")
    assert Scope.parse(" National ").national
    assert Scope.parse("11,20").describe("en") == "Điện Biên (11), Lạng Sơn (20)"
    assert NATIONAL.describe("vi") == "toàn quốc"


def _cli(*args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args, "--db", str(db), "--lang", "en"],
        cwd=REPO,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        env={**os.environ, "TRACKER_DEMO": "off"},
        check=False,
    )


def test_the_command_line_sets_scopes_and_is_not_restricted(tmp_path: Path) -> None:
    db = tmp_path / "shared.duckdb"
    store = open_store(db)
    commit_batch(
        store,
        batch({"projects": [project_row("DB-SCHOOL", province="11")]}, kind="projects"),
    )
    store.close()
    done = _cli(
        "editor", "set", "ls-officer", "--scope", "20", "--password-stdin", db=db, stdin="x" * 12
    )
    assert done.returncode == 0, done.stderr
    listed = _cli("editor", "list", db=db)
    assert listed.stdout.split() == ["ls-officer", "editor", "20"]
    bad = _cli("editor", "set", "x", "--scope", "99", "--oidc", db=db)
    assert bad.returncode == 2 and "Scope '99' is not valid" in bad.stderr
    week = tmp_path / "tuan_13.csv"
    week.write_bytes(_file("DB-SCHOOL;28/03/2024;Đang thực hiện;85;"))
    imported = _cli("import", str(week), "--user", "admin", db=db)
    assert imported.returncode == 0, imported.stderr
    assert "committed" in imported.stdout
