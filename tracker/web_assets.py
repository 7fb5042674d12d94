"""Leaflet's files, taken from the pinned ``xstatic-leaflet`` package: no map needs a CDN.

The app serves them from ``static/leaflet/`` (Streamlit's static serving, ``/app/static/…``), where
``scripts/setup.sh`` copies them (``python -m tracker.web_assets``); a downloaded map carries them
inline. The package ships Leaflet 1.9.3, the version folium 0.20 is written for.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from tracker import config

#: Files the map needs: the script, its stylesheet and the images the stylesheet refers to.
LEAFLET_FILES = (
    "leaflet.js",
    "leaflet.css",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)
STATIC_DIR = config.REPO_ROOT / "static" / "leaflet"
#: Where Streamlit serves ``static/leaflet/``, relative to the streamlit-folium component's page
#: (``<base>/component/streamlit_folium.st_folium/index.html``), so a base URL path still works.
COMPONENT_RELATIVE_URL = "../../app/static/leaflet"


def leaflet_dir() -> Path:
    """The installed package's data folder holding Leaflet's files."""
    return Path(str(resources.files("xstatic.pkg.leaflet") / "data"))


def install_static(target: Path = STATIC_DIR) -> list[Path]:
    """Copy Leaflet's files into ``target`` (skipping identical ones); return the files written."""
    source = leaflet_dir()
    written = []
    for name in LEAFLET_FILES:
        src, dst = source / name, target / name
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        written.append(dst)
    return written


def static_ready(target: Path = STATIC_DIR) -> bool:
    """True when every file the map loads is in ``target``."""
    return all((target / name).is_file() for name in LEAFLET_FILES)


@cache
def inline_head() -> str:
    """Leaflet's script and stylesheet as inline ``<script>``/``<style>`` tags, for a map file that
    must open with no network. The marker images are not needed: the map draws no default markers.
    """
    source = leaflet_dir()
    script = (source / "leaflet.js").read_text(encoding="utf-8")
    style = (source / "leaflet.css").read_text(encoding="utf-8")
    # A literal "</script" inside the code would end the tag early.
    script = script.replace("</script", "<\\/script")
    return f"<style>{style}</style>\n<script>{script}</script>"


def main(argv: list[str]) -> int:
    """``python -m tracker.web_assets [TARGET]``: copy Leaflet's files for static serving."""
    target = Path(argv[0]) if argv else STATIC_DIR
    written = install_static(target)
    print(f"Leaflet files in {target}: {len(written)} written, {len(LEAFLET_FILES)} in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
