"""Shared fixtures: a fresh store per test, and the demo store built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the demo loaded, built once and copied by tests that change it."""
    from tracker.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = open_store(path)
    load_demo(s)
    s.close()
    return path


@pytest.fixture
def demo_store(demo_db_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo database."""
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db_file.read_bytes())
    s = open_store(copy)
    yield s
    s.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def offline(browser: object) -> Iterator[object]:
    """Browser pages whose requests may not leave 127.0.0.1; any attempt fails the test."""
    from browser import Offline

    guard = Offline(browser)
    yield guard
    for context in guard.contexts:
        context.close()
    assert guard.outside == [], f"requests left 127.0.0.1: {guard.outside}"
