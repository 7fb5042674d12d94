"""Running the real app on 127.0.0.1 and driving it with headless Chromium (Debian's package)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlparse

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip where no Chromium is installed, except in CI, where a skip would hide a failure."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package")
    pytest.skip(f"Chromium not found at {CHROMIUM}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _ServerOutput:
    """Reads the app's output on a thread as it comes, so a chatty server never blocks on a
    full pipe; keeps the last lines to show when the app fails to start."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: deque[str] = deque(maxlen=400)
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        for line in iter(stream.readline, b""):
            self.lines.append(line.decode("utf-8", "replace"))

    def text(self) -> str:
        self._thread.join(timeout=2)
        return "".join(self.lines)


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def running_app(
    db: Path | str,
    *,
    env: dict[str, str] | None = None,
    started: list[subprocess.Popen[bytes]] | None = None,
) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free local port; yield its base URL. The server's
    process is appended to ``started`` for callers that measure it."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "app.py"),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            # The served code must not change under a test (someone editing the tree, say).
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO,
        env={**os.environ, "TRACKER_DB": str(db), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = _ServerOutput(process.stdout)
    if started is not None:
        started.append(process)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not _healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start:\n{output.text()}")
            time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Offline:
    """Browser contexts whose requests may only go to 127.0.0.1 (or stay in the page)."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.outside: list[str] = []
        self.contexts: list[BrowserContext] = []

    def _route(self, route: Route) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:", "file:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def page(self, **options: Any) -> Page:
        context = self.browser.new_context(**options)
        context.route("**/*", self._route)
        self.contexts.append(context)
        return context.new_page()


MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def settle(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished the run a click started (its status widget shows while
    a run is under way; the short pauses let a run begin, then let the page draw its result)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=timeout_ms)
    page.wait_for_timeout(300)


_LAID_OUT = (
    "[data-testid='stVegaLiteChart'], [data-testid='stMetric'], [data-testid='stDataFrame'], "
    f"{MAP_FRAME}"
)


def layout_problems(page: Page, width: int) -> list[str]:
    """Charts, KPI cards, tables and the map that run off the screen or lie on one another."""
    boxes = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map((e, i) => {
            const r = e.getBoundingClientRect();
            return {name: (e.getAttribute('data-testid') || e.tagName) + '#' + i,
                    left: r.left, right: r.right, top: r.top, bottom: r.bottom};
        }).filter(b => b.right > b.left && b.bottom > b.top)""",
        _LAID_OUT,
    )
    problems = [f"{b['name']} runs off the screen" for b in boxes if b["right"] > width + 1]
    problems += [f"{b['name']} starts left of the screen" for b in boxes if b["left"] < -1]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            across = min(a["right"], b["right"]) - max(a["left"], b["left"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if across > 2 and down > 2:
                problems.append(f"{a['name']} overlaps {b['name']}")
    return problems
