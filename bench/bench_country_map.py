"""The country map: payload and time to first paint of the province layer and of the whole-country
commune layer, against a naive ``GeoDataFrame.explore()`` of the same data, in the same run.

    .venv/bin/python bench/bench_country_map.py [--runs 5]

Not a test: it prints a table of medians over ``--runs`` and whether each target holds (province
layer at most 300 kB; commune layer at most 1.5 MB and at least 5x faster to first paint than the
naive map). Every polygon gets a synthetic disbursement % (the same in every run) and a tooltip
with its name and figure. "Payload" is what the app sends for the map: the page less Leaflet,
which the app serves once as a static file (the naive page loads it from a CDN, answered here
from the same local copy). Both pages are opened from a local file in headless Chromium; "first
paint" is read from the page's own clock, from navigation to the first polygon painted (see
``bench_map._first_paint``).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_map import ARGS, CHROMIUM, _first_paint, _median_time, _payload

from tracker.geodata import load_communes, load_provinces
from tracker.i18n import format_percent
from tracker.maps.colours import metric_scale
from tracker.maps.national import CountryFigures, commune_layer, national_map, province_layer
from tracker.maps.render import INLINE, legend_html, map_html
from tracker.maps.words import legend_text

TARGETS = {"province": 300_000, "commune": 1_500_000}
MIN_SPEEDUP = 5.0


def _synthetic_pct(codes: pd.Series) -> pd.Series:
    rng = np.random.default_rng(20250630)
    return pd.Series(rng.uniform(5, 70, len(codes)).round(2), index=codes.to_numpy())


def _ours(level: str, values: pd.Series) -> str:
    layer = province_layer() if level == "province" else commune_layer()
    scale = metric_scale("disbursement_pct", values)
    figures = CountryFigures(
        title="% disbursed",
        no_data="no data",
        fills={str(c): scale.color(v) for c, v in values.items()},
        values={str(c): format_percent(v, "en") for c, v in values.items()},
    )
    legend = legend_html(scale, legend_text("% disbursed", [], "en"), "en", [])
    return map_html(national_map(layer, figures, legend, detail_url=None, assets=INLINE))


def _naive(frame: gpd.GeoDataFrame, name: str, values: pd.Series) -> str:
    shown = frame[["code", name, "geometry"]].copy()
    shown["pct_disbursed"] = values.reindex(shown["code"]).to_numpy()
    m = shown.explore(column="pct_disbursed", cmap="RdYlGn", tooltip=[name, "pct_disbursed"])
    return str(m.get_root().render())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    provinces = load_provinces().rename(columns={"province_code": "code"})
    communes = load_communes(None)
    cases = {
        "province": (provinces, "province_name"),
        "commune": (communes, "full_name"),
    }
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for level, (frame, name) in cases.items():
            values = _synthetic_pct(frame["code"])
            prep, _ = _median_time(province_layer if level == "province" else commune_layer, 1)
            ours_time, ours = _median_time(partial(_ours, level, values), runs)
            naive_time, naive = _median_time(partial(_naive, frame, name, values), runs)
            ours_paint = _first_paint(browser, ours, runs)
            naive_paint = _first_paint(browser, naive, runs)
            payload = _payload(ours, True)
            speedup = naive_paint / ours_paint
            meets = payload <= TARGETS[level] and (level == "province" or speedup >= MIN_SPEEDUP)
            rows.append(
                {
                    "layer": f"{level}s ({len(frame):,})",
                    "payload kB (ours)": payload / 1e3,
                    "payload kB (explore)": _payload(naive, False) / 1e3,
                    "first paint s (ours)": ours_paint,
                    "first paint s (explore)": naive_paint,
                    "faster to first paint (x)": speedup,
                    "server s/rerun (ours)": ours_time,
                    "server s/rerun (explore)": naive_time,
                    "geometry prep s (once, cached)": prep,
                    "target": f"<= {TARGETS[level] / 1e3:,.0f} kB"
                    + ("" if level == "province" else f", >= {MIN_SPEEDUP:.0f}x"),
                    "met": "yes" if meets else "NO",
                }
            )
        browser.close()
    table = pd.DataFrame(rows).set_index("layer").T
    print(f"medians over {runs} runs")
    print(table.to_string(float_format=lambda v: f"{v:,.2f}"))


if __name__ == "__main__":
    main()
