"""Shared fixtures: a fresh store per test, and the demo store built once per session.

``store`` and ``demo_store`` run each test twice: on a DuckDB file and on a real PostgreSQL
database (a copy of a template, on a throwaway server started for the session).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import ThrowawayServer, require_postgres

from tracker.store import Store, open_store

ENGINES = ("duckdb", "postgres")
_EMPTY_TEMPLATE = "template_empty"
_DEMO_TEMPLATE = "template_demo"
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayServer]:
    """A PostgreSQL server of its own for the whole test session."""
    server = ThrowawayServer(require_postgres())
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def pg_templates(pg_server: ThrowawayServer) -> ThrowawayServer:
    """Template databases: one migrated and empty, one with the demo loaded."""
    from tracker.demo import load_demo

    open_store(pg_server.create_database(_EMPTY_TEMPLATE)).close()
    demo = open_store(pg_server.create_database(_DEMO_TEMPLATE))
    load_demo(demo)
    demo.close()
    return pg_server


def fresh_postgres(request: pytest.FixtureRequest, template: str) -> str:
    """The URL of a new database copied from ``template``."""
    server: ThrowawayServer = request.getfixturevalue("pg_templates")
    return server.create_database(f"test_{next(_database_numbers)}", template=template)


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store, on each engine."""
    if request.param == "duckdb":
        s = open_store(tmp_path / "test.duckdb")
    else:
        s = open_store(fresh_postgres(request, _EMPTY_TEMPLATE))
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the demo loaded, built once and copied by tests that change it."""
    from tracker.demo.build import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = open_store(path)
    load_demo(s)
    s.close()
    return path


@pytest.fixture(params=ENGINES)
def demo_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo store, on each engine."""
    if request.param == "duckdb":
        copy = tmp_path / "demo.duckdb"
        copy.write_bytes(request.getfixturevalue("demo_db_file").read_bytes())
        s = open_store(copy)
    else:
        s = open_store(fresh_postgres(request, _DEMO_TEMPLATE))
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


@pytest.fixture
def app_db(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the demo file as the app's database (``TRACKER_DB``), with no cached store."""
    import streamlit as st

    db = tmp_path / "app.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    monkeypatch.setenv("TRACKER_DB", str(db))
    st.cache_resource.clear()
    yield db
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def app_url(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app on 127.0.0.1, serving a copy of the demo file, for one test module."""
    from browser import require_chromium, running_app

    require_chromium()
    db = tmp_path_factory.mktemp("browser") / "app.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    with running_app(db) as url:
        yield url
