"""The upload tab as users meet it: viewers cannot write, editors sign in, commit and undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tracker import auth
from tracker.store import open_store

PASSWORD = "mat-khau-bien-tap"


def _page() -> None:
    import os

    from tracker.store import open_store as open_
    from ui import upload_tab

    upload_tab.render(open_(os.environ["TRACKER_DB"]), os.environ.get("TEST_LANG", "vi"))


@pytest.fixture
def db(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "tab.duckdb"
    path.write_bytes(demo_db_file.read_bytes())
    store = open_store(path)
    auth.set_editor(store, "officer", PASSWORD, created_by="test")
    store.close()
    monkeypatch.setenv("TRACKER_DB", str(path))
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()


def _run() -> AppTest:
    return AppTest.from_function(_page, default_timeout=60).run()


def _sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    return at.run()


def test_viewer_sees_templates_and_sign_in_but_no_write_action(db: Path) -> None:
    at = _run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Mẫu GPMB (.csv)" in labels and "Mẫu giải ngân (.xlsx)" in labels
    assert {w.key for w in at.text_input} == {"sign_in_user", "sign_in_password"}
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.label == "Hoàn tác"]


def test_editor_signs_in_and_undoes_an_upload(db: Path) -> None:
    at = _sign_in(_run(), "officer", PASSWORD)
    assert not at.exception
    assert any("officer" in c.value for c in at.caption)
    assert at.get("file_uploader")
    at.checkbox(key="undo_confirm_1").check()
    next(b for b in at.button if b.label == "Hoàn tác").click()
    at.run()
    assert any("Đã hoàn tác lần tải lên số 1" in s.value for s in at.success)
    store = open_store(db)
    events = store.rows(
        "SELECT event, user_name FROM upload_events WHERE upload_id = 1 ORDER BY event_at"
    )
    assert events == [("committed", "demo-loader"), ("undone", "officer")]


def test_ten_wrong_passwords_lock_the_account(db: Path) -> None:
    at = _run()
    for _ in range(10):
        at = _sign_in(at, "officer", "wrong password")
    assert any("khoá" in e.value for e in at.error)
    at = _sign_in(at, "officer", PASSWORD)
    assert any("khoá" in e.value for e in at.error)
    assert not at.get("file_uploader")


def test_first_run_password_must_be_changed(tmp_path: Path, monkeypatch, demo_db_file) -> None:
    path = tmp_path / "first.duckdb"
    path.write_bytes(demo_db_file.read_bytes())
    store = open_store(path)
    password = auth.ensure_bootstrap_editor(store)
    store.close()
    monkeypatch.setenv("TRACKER_DB", str(path))
    st.cache_resource.clear()
    at = _sign_in(_run(), "admin", password)
    assert not at.get("file_uploader")  # must change the one-time password first
    at.text_input(key="new_password").input("mot-mat-khau-moi-dai")
    next(b for b in at.button if b.label == "Lưu mật khẩu").click()
    at.run()
    assert at.get("file_uploader")


def _gated_page() -> None:
    import os

    import streamlit as st

    from tracker.store import open_store as open_
    from ui.access import require_view_access

    if require_view_access(open_(os.environ["TRACKER_DB"]), "en"):
        st.write("figures shown")


def test_viewing_is_open_until_viewer_accounts_exist(db: Path) -> None:
    at = AppTest.from_function(_gated_page, default_timeout=60).run()
    assert any("figures shown" in m.value for m in at.markdown)
    store = open_store(db)
    auth.set_editor(store, "board", "xem-bao-cao-2025", role="viewer", created_by="test")
    store.close()
    at = AppTest.from_function(_gated_page, default_timeout=60).run()
    assert not any("figures shown" in m.value for m in at.markdown)
    at.text_input(key="gate_user").input("board")
    at.text_input(key="gate_password").input("xem-bao-cao-2025")
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert any("figures shown" in m.value for m in at.markdown)


def test_viewer_account_cannot_upload(db: Path) -> None:
    store = open_store(db)
    auth.set_editor(store, "board", "xem-bao-cao-2025", role="viewer", created_by="test")
    store.close()
    at = _sign_in(_run(), "board", "xem-bao-cao-2025")
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.label == "Hoàn tác"]
    assert any("chỉ đọc" in i.value for i in at.info)
