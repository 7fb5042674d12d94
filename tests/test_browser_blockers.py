"""Blockers in the browser: an editor adds, escalates and resolves one, the map marks its commune
while it is open and stops once it is resolved, and a visitor who has not signed in cannot write.
Real headless Chromium against the running app, on a PostgreSQL copy of the demo (read by the
test while the app runs)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser import require_chromium, running_app, settle
from conftest import fresh_postgres

from tracker.auth import set_editor
from tracker.store import open_store

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LINK = "/?project=HNCL&as_of=2025-06-30&lang=en"
PASSWORD = "mat-khau-ban-gpmb"
DONG_DANG = "06184"  # HNCL crosses it, and it has no blocker in the demo


@pytest.fixture(scope="module")
def app_db(request: pytest.FixtureRequest) -> str:
    require_chromium()
    url = fresh_postgres(request, "template_demo")
    store = open_store(url)
    set_editor(store, "gpmb", PASSWORD, created_by="test")
    store.close()
    return url


@pytest.fixture(scope="module")
def app_url(app_db: str) -> Iterator[str]:
    with running_app(app_db) as url:
        yield url


def _badges(page):
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.tracker-commune").first.wait_for(timeout=60_000)
    return frame.locator(".tracker-blocker span")


def _choose(page, label: str, text: str) -> None:
    """Pick ``text`` in the select box labelled ``label`` (visible in the open tab)."""
    box = page.locator("[data-testid='stSelectbox']:visible").filter(
        has=page.get_by_text(label, exact=True)
    )
    box.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _save(page, button: str, previous: int) -> int:
    """Press ``button`` and wait for the page to name a new upload; return its number."""
    page.get_by_role("button", name=button).click()
    page.wait_for_function(
        """(previous) => {
            const found = document.body.innerText.match(/Saved as upload (\\d+)/);
            return found !== null && Number(found[1]) > previous;
        }""",
        arg=previous,
        timeout=60_000,
    )
    settle(page)
    return int(re.search(r"Saved as upload (\d+)", page.inner_text("body")).group(1))


def _events(db: str) -> list[tuple[str, str, str | None]]:
    store = open_store(db, migrate=False)
    try:
        rows = store.rows(
            """SELECT status, escalation, comment FROM blocker_events
               WHERE commune_code = $code ORDER BY changed_on, row_id""",
            {"code": DONG_DANG},
        )
    finally:
        store.close()
    return [(str(s), str(e), c) for s, e, c in rows]


def test_a_visitor_sees_the_log_but_cannot_add_or_change_a_blocker(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url + LINK)
    assert _badges(page).count() == 2  # HNCL's two lagging wards
    page.get_by_role("tab", name="Blockers").click()
    page.get_by_text("Sign in as an editor (Upload tab) to add or update blockers.").wait_for(
        timeout=60_000
    )
    settle(page)
    assert page.get_by_role("button", name="Save the blocker").count() == 0
    assert page.get_by_role("button", name="Save the change").count() == 0


def test_an_editor_adds_escalates_and_resolves_a_blocker(app_url, app_db, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1300})
    page.goto(app_url + LINK)
    badges = _badges(page)
    assert badges.count() == 2
    assert page.frame_locator(MAP_FRAME).locator(f"[data-commune='{DONG_DANG}']").count() == 0

    page.get_by_role("tab", name="Upload").click()
    page.get_by_label("User name").fill("gpmb")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in: gpmb").wait_for(timeout=60_000)

    page.get_by_role("tab", name="Blockers").click()
    page.get_by_role("button", name="Save the blocker").wait_for(timeout=60_000)
    _choose(page, "Commune", "Đồng Đăng")
    _choose(page, "Category", "Graves")
    page.get_by_label("What holds clearance up").fill("21 ngôi mộ chưa có đất cải táng")
    page.get_by_label("Agency that must act").first.fill("UBND xã Đồng Đăng")
    added = _save(page, "Save the blocker", 0)
    assert _events(app_db) == [("open", "commune", None)]

    page.get_by_role("tab", name="Map").click()
    marked = page.frame_locator(MAP_FRAME).locator(f"[data-commune='{DONG_DANG}']")
    marked.wait_for(timeout=60_000)
    assert _badges(page).count() == 3

    page.get_by_role("tab", name="Blockers").click()
    page.get_by_role("button", name="Save the change").wait_for(timeout=60_000)
    _choose(page, "Blocker", "#8")
    _choose(page, "Level", "Province")
    page.get_by_label("Comment").last.fill("Báo cáo UBND tỉnh")
    escalated = _save(page, "Save the change", added)
    assert _events(app_db)[-1] == ("open", "province", "Báo cáo UBND tỉnh")

    _choose(page, "Blocker", "#8")
    _choose(page, "Status", "Resolved")
    _save(page, "Save the change", escalated)
    assert _events(app_db)[-1][:2] == ("resolved", "province")

    page.get_by_role("tab", name="Map").click()
    settle(page)
    page.frame_locator(MAP_FRAME).locator(f"[data-commune='{DONG_DANG}']").wait_for(
        state="detached", timeout=60_000
    )
    assert _badges(page).count() == 2
