"""A board meeting: 1, 5 and 10 headless Chromium pages opening the same link at once against
one app process; time to the first commune drawn, and the server's memory and CPU.

    .venv/bin/python bench/bench_viewers.py [--db FILE_OR_URL] [--link "/?lang=en"] [--runs 3]

Not a test: it prints a table of medians. Without ``--db`` the demo store is built in a temporary
file. Each round opens N pages together in one Chromium and times, for each page, the moment the
map's first commune is in the page; the server's resident memory is sampled while they load, and
once more a few seconds after the pages close. "CPU of a repeated view" is the server CPU time of
one more view of the same link, against the very first view after the app started (whose figures
nobody had computed yet).

The pages run on the same machine as the server, so each round also reports the server's CPU
time per page and the whole machine's busy CPU time: what is left is the browsers' own work
(Streamlit's page, the map, the charts), which a real meeting does on its members' own devices.
Memory "when idle" is measured twice: at start, and after a first view once its page has closed
(the imported libraries, the province's geometry and the shared figures stay).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from playwright.async_api import Browser, async_playwright  # noqa: E402

from tracker.demo import load_demo  # noqa: E402
from tracker.store import open_store  # noqa: E402

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TICKS = 100  # os.sysconf("SC_CLK_TCK") on Linux


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy (user, nice and system) since boot."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return sum(int(v) for v in fields[:3]) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class MemoryWatch:
    """The peak resident memory of a process while the block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _first_commune(browser: Browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    await frame.locator("path.tracker-commune").first.wait_for(state="attached", timeout=300_000)
    elapsed = time.perf_counter() - started
    await context.close()
    return elapsed


async def _round(url: str, viewers: int) -> list[float]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return list(
                await asyncio.gather(*(_first_commune(browser, url) for _ in range(viewers)))
            )
        finally:
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="the store to serve (default: the demo in a temporary file)")
    parser.add_argument("--link", default="/?lang=en")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "demo.duckdb")
            store = open_store(db)
            load_demo(store)
            store.close()
        started: list[subprocess.Popen[bytes]] = []
        env = {"TRACKER_DEMO": "off"} if args.db else {}
        with running_app(db, env=env, started=started) as base:
            pid = started[0].pid
            url = base + args.link
            idle = rss_mb(pid)
            before = cpu_seconds(pid)
            asyncio.run(_round(url, 1))
            first_cpu = cpu_seconds(pid) - before
            before = cpu_seconds(pid)
            asyncio.run(_round(url, 1))
            repeat_cpu = cpu_seconds(pid) - before
            time.sleep(5)  # sessions of closed pages end
            warm_idle = rss_mb(pid)
            rows = []
            for viewers in (1, 5, 10):
                times: list[float] = []
                server = machine = 0.0
                with MemoryWatch(pid) as watch:
                    for _ in range(args.runs):
                        server_before, machine_before = cpu_seconds(pid), busy_cpu_seconds()
                        times += asyncio.run(_round(url, viewers))
                        server += cpu_seconds(pid) - server_before
                        machine += busy_cpu_seconds() - machine_before
                time.sleep(5)  # sessions of closed pages end
                pages = viewers * args.runs
                rows.append(
                    (
                        viewers,
                        statistics.median(times),
                        server / pages,
                        (machine - server) / pages,
                        watch.peak,
                        rss_mb(pid),
                    )
                )
    single = rows[0][1]
    print(
        f"server memory at start: {idle:.0f} MB, idle after a first view: {warm_idle:.0f} MB; "
        f"CPU of the first view {first_cpu:.2f} s, of a repeated view {repeat_cpu:.2f} s "
        f"({repeat_cpu / first_cpu:.0%} of the first)"
    )
    print(
        f"| {'viewers':>7} | {'first commune (median)':>22} | {'× one viewer':>12} | "
        f"{'server CPU/page':>15} | {'rest of machine/page':>20} | "
        f"{'server memory, peak':>19} | {'after they leave':>16} |"
    )
    for viewers, median, server, rest, peak, after in rows:
        print(
            f"| {viewers:>7} | {median:20.2f} s | {median / single:12.2f} | "
            f"{server:13.2f} s | {rest:18.2f} s | {peak:16.0f} MB | {after:13.0f} MB |"
        )


if __name__ == "__main__":
    main()
