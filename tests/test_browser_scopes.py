"""A Lạng Sơn editor in a store shared with Điện Biên, as a person meets it in the upload tab:
an upload naming a Điện Biên project is refused, naming both, and nothing is written."""

from __future__ import annotations

import pytest
from browser import require_chromium, running_app
from conftest import fresh_postgres

from tracker.auth import set_editor
from tracker.scopes import Scope
from tracker.store import open_store

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-lang-son-2025"


@pytest.fixture(scope="module")
def shared_store(request: pytest.FixtureRequest) -> str:
    """The demo (both provinces) on the PostgreSQL server, read by the test while the app runs."""
    require_chromium()
    url = fresh_postgres(request, "template_demo")
    store = open_store(url)
    set_editor(store, "ls-officer", PASSWORD, created_by="admin", scope=Scope.parse("20"))
    store.close()
    return url


def _counts(url: str) -> tuple[int, int]:
    store = open_store(url)
    try:
        uploads = store.row("SELECT count(*) FROM uploads")
        rows = store.row("SELECT count(*) FROM project_status_reports")
    finally:
        store.close()
    assert uploads is not None and rows is not None
    return int(uploads[0]), int(rows[0])


def test_a_lang_son_editor_cannot_upload_a_dien_bien_project(shared_store, offline, tmp_path):
    week = tmp_path / "tinh_trang_tuan_13.csv"
    week.write_bytes(
        (
            "\ufeffMã dự án;Ngày báo cáo;Giai đoạn;Khối lượng đã thực hiện (%);Ghi chú\r\n"
            "DB-SCHOOL;28/03/2024;Đang thực hiện;90;\r\n"
        ).encode("utf-8")
    )
    before = _counts(shared_store)
    with running_app(shared_store) as base:
        page = offline.page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{base}/?lang=en")
        page.get_by_role("tab", name="Upload").click()
        page.get_by_text("Sign in to upload").wait_for(timeout=60_000)
        page.get_by_label("User name").fill("ls-officer")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("may write figures of Lạng Sơn (20)").wait_for(timeout=30_000)
        page.locator("input[type='file']").set_input_files(str(week))
        # The summary line above the table of problems (the table's cell says it too).
        refusal = page.locator("p", has_text="outside this account's scope")
        refusal.wait_for(timeout=60_000)
        words = refusal.inner_text()
        assert "DB-SCHOOL" in words and "Điện Biên (11)" in words and "Lạng Sơn (20)" in words
        page.get_by_text("so nothing was written").wait_for()
        assert page.get_by_role("button", name="Commit to the database").count() == 0
    assert _counts(shared_store) == before
