"""The full commune boundaries of each province, as static files the country map fetches when
someone zooms in (``tracker.maps.national``): ``static/geo/communes-NN.json``.

They are made from the shipped boundaries (``geodata/``), at set-up (``scripts/setup.sh`` runs
``python -m tracker.maps.detail``) or on the app's first use of the country's commune map, and
made again only when the boundaries or the grid change.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from tracker import config
from tracker.geodata import COMMUNES_FILE, load_communes, province_codes
from tracker.maps.topology import encode

DETAIL_DIR = config.REPO_ROOT / "static" / "geo"
#: About a metre: the shipped boundaries' own grid.
DETAIL_STEP = 1e-5
_STAMP = "communes.version"


def _version() -> str:
    """What the files are made from: the boundary file's contents and the grid."""
    digest = hashlib.sha256((config.GEODATA_DIR / COMMUNES_FILE).read_bytes()).hexdigest()
    return f"{digest} {DETAIL_STEP}"


def province_detail(province_code: str) -> dict[str, object]:
    """One province's communes, each shared border once, on the ``DETAIL_STEP`` grid."""
    communes = load_communes(province_code)
    topology = encode(list(communes.geometry.values), DETAIL_STEP)
    return {"codes": [str(c) for c in communes.code], **topology.as_json()}


def detail_ready(target: Path = DETAIL_DIR) -> bool:
    stamp = target / _STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == _version()


def install_detail(target: Path = DETAIL_DIR) -> int:
    """Write every province's file into ``target`` unless they are up to date; return how many
    were written."""
    if detail_ready(target):
        return 0
    target.mkdir(parents=True, exist_ok=True)
    codes = province_codes()
    for code in codes:
        text = json.dumps(province_detail(code), separators=(",", ":"))
        (target / f"communes-{code}.json").write_text(text, encoding="utf-8")
    (target / _STAMP).write_text(_version(), encoding="utf-8")
    return len(codes)


def main(argv: list[str]) -> int:
    """``python -m tracker.maps.detail [TARGET]``: write the commune detail files."""
    target = Path(argv[0]) if argv else DETAIL_DIR
    written = install_detail(target)
    print(f"Commune detail files in {target}: {written} written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
