"""Map payload, server time per rerun and time to first commune drawn: the board's map against a
naive ``GeoDataFrame.explore()`` map of the same data, for Lạng Sơn and for the whole country.

    .venv/bin/python bench/bench_map.py [--runs 5]

Not a test: it prints a table (medians over ``--runs``). The national case colours all 3,321
communes with synthetic progress. "Server per rerun" is what a rerun of the app does with its
geometry cached: build the folium map and render its HTML. The naive map has nothing cached: it
simplifies nothing and renders from the full geometry each time. Both pages are opened from a
local file in headless Chromium with every network request served locally (the naive map's CDN
Leaflet is answered from the same local copy, its other CDN files are refused), so neither waits
on a network; "first commune" is read from the page's own clock, from navigation to the first
polygon painted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.geodata import load_communes
from tracker.maps.colours import metric_scale
from tracker.maps.geometry import prepare_communes
from tracker.maps.render import INLINE, build_map, legend_html, map_html, tooltip_html
from tracker.maps.words import legend_text
from tracker.web_assets import leaflet_dir

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _median_time(fn: Callable[[], T], runs: int) -> tuple[float, T]:
    times: list[float] = []
    results: list[T] = []
    for _ in range(runs):
        start = time.perf_counter()
        results.append(fn())
        times.append(time.perf_counter() - start)
    return statistics.median(times), results[-1]


def _progress(communes: gpd.GeoDataFrame) -> pd.Series:
    """Synthetic % cleared per commune, the same in every run."""
    rng = np.random.default_rng(20250630)
    return pd.Series(rng.uniform(0, 130, len(communes)).round(2), index=communes["code"])


def _ours(prepared: gpd.GeoDataFrame, values: pd.Series) -> str:
    scale = metric_scale("clearance_pct", values)
    tips = {
        c: tooltip_html(f"{n} ({c})", [f"% cleared: {v:.1f}%"], ["Figures as of 2025-06-30"])
        for c, n, v in zip(prepared.code, prepared.name, values.reindex(prepared.code), strict=True)
    }
    legend = legend_html(scale, legend_text("% cleared", [], "en"), "en", [])
    # The app sends the map with Leaflet loaded from static files; the file here carries Leaflet
    # inline so the browser needs no server. The payload column counts what the app sends.
    return map_html(build_map(prepared, values, scale, tips, legend, assets=INLINE))


def _naive(communes: gpd.GeoDataFrame, values: pd.Series) -> str:
    frame = communes[["code", "full_name", "geometry"]].copy()
    frame["pct_cleared"] = values.reindex(frame["code"]).to_numpy()
    m = frame.explore(column="pct_cleared", cmap="RdYlGn", tooltip=["full_name", "pct_cleared"])
    return str(m.get_root().render())


#: Set in the page before anything else runs: the page's own clock (ms since navigation) when the
#: first polygon is in the document (an SVG path, or the canvas many polygons are drawn on) and
#: two animation frames have passed, so it is painted. Read in the page, the figure carries no
#: delay of the test driver polling it.
_PAINT_TIMER = """
new MutationObserver(function (_, observer) {
    if (document.querySelector("path.leaflet-interactive, canvas.leaflet-zoom-animated")) {
        observer.disconnect();
        requestAnimationFrame(function () {
            requestAnimationFrame(function () { window.__painted = performance.now(); });
        });
    }
}).observe(document, {childList: true, subtree: true});
"""


def _first_paint(browser: Browser, html: str, runs: int) -> float:
    """Median seconds from navigating to ``html`` to its first polygon painted."""
    leaflet_js = (leaflet_dir() / "leaflet.js").read_bytes()
    leaflet_css = (leaflet_dir() / "leaflet.css").read_bytes()

    def route(r: Route) -> None:
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        elif "leaflet" in url and url.endswith("leaflet.js"):
            r.fulfill(body=leaflet_js, content_type="text/javascript")
        elif "leaflet" in url and url.endswith("leaflet.css"):
            r.fulfill(body=leaflet_css, content_type="text/css")
        else:
            r.abort()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(html, encoding="utf-8")
        times = []
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.route("**/*", route)
            context.add_init_script(_PAINT_TIMER)
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_function("window.__painted !== undefined", timeout=120_000)
            times.append(float(page.evaluate("window.__painted")) / 1000)
            context.close()
    return statistics.median(times)


def _payload(html: str, inline: bool) -> int:
    """Bytes of the page, less the inlined Leaflet when the app would serve it as static files."""
    size = len(html.encode("utf-8"))
    if inline:
        size -= (leaflet_dir() / "leaflet.js").stat().st_size
        size -= (leaflet_dir() / "leaflet.css").stat().st_size
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    cases = {
        "Lạng Sơn (65)": load_communes("20", full_resolution=True),
        "Viet Nam (3,321)": load_communes(None),
    }
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for label, communes in cases.items():
            values = _progress(communes)
            prep_time, prepared = _median_time(partial(prepare_communes, communes), 1)
            ours_time, ours = _median_time(partial(_ours, prepared, values), runs)
            naive_time, naive = _median_time(partial(_naive, communes, values), runs)
            ours_paint = _first_paint(browser, str(ours), runs)
            naive_paint = _first_paint(browser, str(naive), runs)
            rows.append(
                {
                    "view": label,
                    "payload MB (ours)": _payload(str(ours), True) / 1e6,
                    "payload MB (explore)": _payload(str(naive), False) / 1e6,
                    "server s/rerun (ours)": ours_time,
                    "server s/rerun (explore)": naive_time,
                    "first commune s (ours)": ours_paint,
                    "first commune s (explore)": naive_paint,
                    "geometry prep s (once, cached)": prep_time,
                }
            )
        browser.close()
    table = pd.DataFrame(rows).set_index("view").T
    print(f"medians over {runs} runs")
    print(table.to_string(float_format=lambda v: f"{v:.2f}"))


if __name__ == "__main__":
    main()
