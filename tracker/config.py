"""Settings read from the environment, with the defaults a fresh checkout runs on."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = REPO_ROOT / "geodata"
MIGRATIONS_DIR = REPO_ROOT / "db" / "migrations"
DEFAULT_DB_PATH = REPO_ROOT / "db" / "tracker.duckdb"

#: Lạng Sơn, the demo province; any of the 34 post-2025 province codes works.
DEFAULT_PROVINCE_CODE = "20"


def store_location(override: str | os.PathLike[str] | None = None) -> str:
    """Where the figures are kept: an explicit override, else ``TRACKER_DB``, else
    ``db/tracker.duckdb``. A ``postgresql://`` URL names a server; anything else is a file."""
    if override:
        return str(override)
    return os.environ.get("TRACKER_DB", "").strip() or str(DEFAULT_DB_PATH)


def province_code() -> str:
    """The province shown by default: ``TRACKER_PROVINCE`` or Lạng Sơn ("20")."""
    return (
        os.environ.get("TRACKER_PROVINCE", DEFAULT_PROVINCE_CODE).strip() or DEFAULT_PROVINCE_CODE
    )


def demo_on_first_run() -> bool:
    """Load the demo into a database that has never had an upload, unless ``TRACKER_DEMO=off``."""
    return os.environ.get("TRACKER_DEMO", "on").strip().lower() not in ("off", "0", "no", "false")


def duckdb_memory() -> str:
    """The most memory DuckDB may use for a DuckDB file's queries (``TRACKER_DUCKDB_MEMORY``,
    default 1GB): with the figure cache, what bounds an app process's memory."""
    return os.environ.get("TRACKER_DUCKDB_MEMORY", "").strip() or "1GB"


def cache_bytes() -> int:
    """How much of the figures an app process keeps for the next viewers (``TRACKER_CACHE_MB``,
    default 256 MB)."""
    text = os.environ.get("TRACKER_CACHE_MB", "").strip()
    megabytes = int(text) if text.isdigit() else 256
    return megabytes * 1024 * 1024


def tile_url() -> str | None:
    """An intranet tile server set by the administrator (``TRACKER_TILE_URL``, with {z}/{x}/{y})."""
    return os.environ.get("TRACKER_TILE_URL", "").strip() or None


def tile_attribution() -> str:
    """The credit line for that tile server (``TRACKER_TILE_ATTRIBUTION``)."""
    return os.environ.get("TRACKER_TILE_ATTRIBUTION", "").strip()
