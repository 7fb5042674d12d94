"""The app as a person sees it: served on 127.0.0.1, opened in headless Chromium, no network."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, REPO, require_chromium, running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    db = tmp_path_factory.mktemp("browser") / "app.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    with running_app(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(app_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def test_shared_link_shows_the_published_figures(app_url: str, browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/?project=HNCL&as_of=2025-06-30&lang=en")
    page.get_by_text("596.94 ha").first.wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "96.5%" in body and "120.0%" in body
    assert "578" in body  # the reconciliation warning is on the page
    assert "synthetic" in body
    shot = tmp_path / "main.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    if os.environ.get("TRACKER_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copy(shot, REPO / "docs" / "screenshot.png")
    context.close()


def test_changing_a_filter_updates_the_link_for_a_fresh_browser(app_url: str, browser) -> None:
    first = browser.new_context()
    page = first.new_page()
    page.goto(f"{app_url}/?project=HNCL&as_of=2025-06-30")
    page.get_by_text("596,94 ha").first.wait_for(timeout=60_000)
    page.get_by_text("English").first.click()
    page.get_by_text("Handed over").first.wait_for(timeout=30_000)
    page.wait_for_function("() => window.location.search.includes('lang=en')", timeout=30_000)
    link = page.url
    first.close()

    fresh = browser.new_context()
    again = fresh.new_page()
    again.goto(link)
    again.get_by_text("596.94 ha").first.wait_for(timeout=60_000)
    assert "Handed over" in again.inner_text("body")
    fresh.close()
