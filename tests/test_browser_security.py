"""Hostile text stays text, viewers cannot write, and guessing passwords locks the account —
checked in real headless Chromium against the running app."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from browser import require_chromium, running_app, settle
from conftest import fresh_postgres
from factories import D
from shapely.geometry import LineString

from tracker.alignments import read_alignment
from tracker.auth import set_editor
from tracker.projects import ProjectSpec, add_project
from tracker.store import open_store
from tracker.uploads.prepare import commit_upload, prepare_upload

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_NOTE = "<script>alert('note')</script>"
HOSTILE_FILE = "<svg onload=alert(2)>.csv"
PASSWORD = "mat-khau-cua-can-bo"
UPLOADS = Path(__file__).parent / "data" / "uploads"


def _hostile_store(target: str, tmp: Path) -> None:
    store = open_store(target)
    line = tmp / "xss.geojson"
    gpd.GeoDataFrame(
        geometry=[LineString([(106.735, 21.875), (106.75, 21.895)])], crs=4326
    ).to_file(line)  # inside phường Tam Thanh
    spec = ProjectSpec(
        code="XSS-1", name_vi=HOSTILE_NAME, name_en=HOSTILE_NAME, kind="other", province_code="20"
    )
    add_project(
        store, spec, user_name="officer", alignment=read_alignment(line, province_code="20")
    )
    content = (
        "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);"
        "Diện tích theo TKCS (ha);Ghi chú\r\n"
        f"XSS-1;Tam Thanh;30/06/2025;1,5;3;{HOSTILE_NOTE}\r\n"
    ).encode()
    prepared = prepare_upload(
        store, content, HOSTILE_FILE, user_name="officer", today=D(2025, 7, 1)
    )
    assert prepared.ok, prepared.errors
    commit_upload(store, prepared)
    set_editor(store, "officer", PASSWORD, created_by="test")
    set_editor(store, "uploader", PASSWORD, created_by="test")
    store.close()


@pytest.fixture(scope="module")
def app_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo with hostile text, on the PostgreSQL server: the test reads it while the app
    runs (a DuckDB file would be locked by the app)."""
    require_chromium()
    url = fresh_postgres(request, "template_demo")
    _hostile_store(url, tmp_path_factory.mktemp("security"))
    return url


@pytest.fixture(scope="module")
def app_url(app_db: str) -> Iterator[str]:
    with running_app(app_db) as url:
        yield url


def _attempts(db: str, user: str) -> list[bool]:
    """The sign-in attempts recorded for ``user``, oldest first: True where it succeeded."""
    store = open_store(db, migrate=False)
    try:
        rows = store.rows(
            "SELECT succeeded FROM login_attempts WHERE user_name = $user ORDER BY attempted_at",
            {"user": user},
        )
    finally:
        store.close()
    return [bool(r[0]) for r in rows]


def _wait_for_attempts(db: str, user: str, count: int) -> list[bool]:
    """Wait until the app has recorded ``count`` attempts of ``user`` (or fail after 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        found = _attempts(db, user)
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"{len(found)} of {count} attempts were recorded"
        time.sleep(0.1)


def _watch_dialogs(page) -> list[str]:
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return fired


def test_hostile_names_notes_and_file_names_show_as_text(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1300})
    dialogs = _watch_dialogs(page)
    page.goto(f"{app_url}/?project=XSS-1&baseline=TKCS&as_of=2025-06-30&lang=en&selected=05986")
    page.get_by_text(HOSTILE_NAME).first.wait_for(timeout=60_000)  # the KPI card, as text
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.tracker-commune").first.wait_for(timeout=60_000)

    # The alignment's tooltip carries the project's name, as text.
    alignment = frame.locator("path[fill='none'].leaflet-interactive").first
    alignment.hover()
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=30_000)
    assert HOSTILE_NAME in tooltip.inner_text()
    page.mouse.move(5, 5)

    # The tooltip of the commune it crosses carries the upload's file name (its source), as text.
    tam_thanh = frame.locator("path.tracker-commune:not([fill='#e9ecef'])").first
    tam_thanh.dispatch_event("mouseover")
    commune_tip = frame.locator(".leaflet-tooltip", has_text="05986").first
    commune_tip.wait_for(timeout=30_000)
    assert HOSTILE_FILE in commune_tip.inner_text()
    assert HOSTILE_NAME in page.inner_text("body")  # the KPI card

    # The commune detail and its tables.
    page.get_by_text("Phường Tam Thanh (05986)").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2_000)
    assert dialogs == []
    for where in (page, frame):
        assert where.locator("img[src='x']").count() == 0
        assert where.locator("svg[onload]").count() == 0
    assert page.locator("script", has_text="alert('note')").count() == 0


def test_a_viewer_cannot_reach_upload_or_undo(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?lang=en")
    page.get_by_role("tab", name="Upload").click()
    page.get_by_text("Sign in to upload").wait_for(timeout=60_000)
    settle(page, 30_000)
    assert page.locator("input[type='file']").count() == 0
    assert page.get_by_role("button", name="Undo").count() == 0
    assert page.get_by_role("button", name="Commit to the database").count() == 0
    # The templates are free to download.
    page.get_by_text("Clearance template (.csv)").first.wait_for(timeout=30_000)


def _try_password(page, password: str, user: str = "officer") -> None:
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    settle(page, 30_000)


def test_ten_wrong_passwords_lock_the_account(app_url, app_db, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?lang=en")
    page.get_by_role("tab", name="Upload").click()
    page.get_by_text("Sign in to upload").wait_for(timeout=60_000)
    settle(page, 30_000)
    for attempt in range(10):
        _try_password(page, f"wrong password {attempt}")
        # Each try is recorded before the page answers it; the page then says what is left.
        assert _wait_for_attempts(app_db, "officer", attempt + 1) == [False] * (attempt + 1)
        left = 4 - attempt
        message = f"{left} more tries" if left > 0 else "is locked"
        page.get_by_text(message).first.wait_for(timeout=30_000)
    _try_password(page, PASSWORD)  # the right password no longer gets in
    assert _wait_for_attempts(app_db, "officer", 11)[-1] is False
    settle(page, 30_000)
    page.get_by_text("is locked").first.wait_for(timeout=30_000)
    assert page.get_by_text("Signed in: officer").count() == 0
    assert page.locator("input[type='file']").count() == 0


def test_an_editor_uploads_a_weekly_file_and_undoes_it(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1200})
    page.goto(f"{app_url}/?lang=en")
    page.get_by_role("tab", name="Upload").click()
    page.get_by_text("Sign in to upload").wait_for(timeout=60_000)
    settle(page, 30_000)
    _try_password(page, PASSWORD, user="uploader")
    page.get_by_text("Signed in: uploader").wait_for(timeout=30_000)

    page.locator("input[type='file']").set_input_files(str(UPLOADS / "05_clearance_errors.csv"))
    page.get_by_text("The file has 10 errors, so nothing was written").wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Commit to the database").count() == 0

    page.locator("input[type='file']").set_input_files(
        str(UPLOADS / "01_clearance_week_utf8_bom.csv")
    )
    page.get_by_text("Biggest movements").wait_for(timeout=60_000)
    page.get_by_role("button", name="Commit to the database").click()
    committed = page.get_by_text(re.compile(r"Committed as upload \d+"))
    committed.wait_for(timeout=60_000)
    upload_id = re.search(r"\d+", committed.inner_text()).group(0)
    settle(page, 30_000)
    assert page.get_by_role("button", name="Commit to the database").count() == 0  # picker empty

    page.get_by_text("I understand this upload's figures will stop counting").click()
    # The undo list starts at the newest upload, named by number, file and who sent it.
    chosen = page.locator("[data-testid='stSelectbox']").last.evaluate(
        "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')"
    )
    assert f"#{upload_id} · 01_clearance_week_utf8_bom.csv · uploader" in chosen
    page.get_by_role("button", name="Undo", exact=True).click()
    page.get_by_text(f"Upload {upload_id} undone.").wait_for(timeout=30_000)
