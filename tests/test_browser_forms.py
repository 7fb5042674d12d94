"""The mapping step in real headless Chromium: an unfamiliar form mapped once and saved as a
layout, then next week's file of the same form imported in one step."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import require_chromium, running_app, settle
from conftest import fresh_postgres
from factories import D
from form_files import unfamiliar_workbook

from tracker.auth import set_editor
from tracker.figures import project_figures
from tracker.store import open_store
from tracker.uploads.layouts import list_layouts

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-cua-can-bo"
WEEK_1 = unfamiliar_workbook("31/7/2025", [64.50, 34.20, 170.60], [139, 90, 238])
WEEK_2 = unfamiliar_workbook("7/8/2025", [64.90, 34.60, 171.30], [140, 91, 240])


@pytest.fixture(scope="module")
def app_db(request: pytest.FixtureRequest) -> str:
    """The demo on the PostgreSQL server, so the test can read it while the app runs."""
    require_chromium()
    url = fresh_postgres(request, "template_demo")
    store = open_store(url)
    set_editor(store, "officer", PASSWORD, created_by="test")
    store.close()
    return url


@pytest.fixture(scope="module")
def app_url(app_db: str) -> Iterator[str]:
    with running_app(app_db) as url:
        yield url


def _sign_in(page, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=en")
    page.get_by_role("tab", name="Upload").click()
    page.get_by_text("Sign in to upload").wait_for(timeout=60_000)
    settle(page)
    page.get_by_label("User name").fill("officer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in: officer").wait_for(timeout=30_000)


def _upload(page, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("input[type='file']").set_input_files(str(path))
    settle(page)


def _choose(page, label: re.Pattern[str], option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``, as a person would."""
    box = page.get_by_role("combobox", name=label)
    # Centred first: a list opened at the window's bottom edge can open out of sight.
    box.evaluate("element => element.scrollIntoView({block: 'center'})")
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_an_unfamiliar_form_is_mapped_once_and_next_week_imports_in_one_step(
    app_url, app_db, offline, tmp_path
) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1400})
    _sign_in(page, app_url)

    # Week 1: not the template, and the handed-over column is in words nobody taught it.
    _upload(page, tmp_path, "bao_cao_nhanh_tuan31.xlsx", WEEK_1)
    page.get_by_text("recognised automatically").first.wait_for(timeout=60_000)
    page.get_by_text("The file has 1 errors, so nothing was written").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Commit to the database").count() == 0
    body = page.inner_text("body")
    assert "header: 4" in body and "data: 5–7" in body and "total: 8" in body

    # The editor says what column C is, from the list, and reads the file again.
    _choose(page, re.compile(r"^C · Mặt bằng đã nhận"), "cleared_ha")
    page.get_by_role("button", name="Read again with these choices").click()
    settle(page)
    page.get_by_text("Preview of the figures to write").wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "mapping.png"), full_page=True)

    # Saved as a named layout, then committed.
    page.get_by_label("Layout name").fill("BQL cao tốc – báo cáo nhanh")
    page.get_by_role("button", name="Save layout").click()
    saved = re.compile(r"Layout 'BQL cao tốc – báo cáo nhanh' saved \(version 1")
    page.get_by_text(saved).wait_for(timeout=30_000)
    page.get_by_role("button", name="Commit to the database").click()
    page.get_by_text(re.compile(r"Committed as upload \d+")).wait_for(timeout=60_000)
    settle(page)

    # Week 2: the same form goes straight to the preview and the commit, with no correction.
    _upload(page, tmp_path, "bao_cao_nhanh_tuan32.xlsx", WEEK_2)
    page.get_by_text("read with the saved layout 'BQL cao tốc – báo cáo nhanh v1'").wait_for(
        timeout=60_000
    )
    page.get_by_role("button", name="Commit to the database").click()
    page.get_by_text(re.compile(r"Committed as upload \d+")).wait_for(timeout=60_000)

    store = open_store(app_db, migrate=False)
    try:
        [layout] = list_layouts(store)
        assert (layout.version, layout.saved_by) == (1, "officer")
        rows = store.rows(
            """SELECT r.commune_code, CAST(r.cleared_ha AS DOUBLE PRECISION), r.source_row,
                      s.note
               FROM clearance_reports r JOIN sources s ON s.source_id = r.source_id
               WHERE r.report_date = DATE '2025-08-07' ORDER BY r.source_row"""
        )
        assert [(c, h, row) for c, h, row, _ in rows] == [
            ("05983", 64.9, 5),
            ("05986", 34.6, 6),
            ("06463", 171.3, 7),
        ]
        assert "BQL cao tốc – báo cáo nhanh v1" in rows[0][3]
        hncl = project_figures(store, D(2025, 8, 7), projects=["HNCL"])[0].clearance
        assert hncl is not None and hncl.report_date == D(2025, 8, 7)
    finally:
        store.close()
