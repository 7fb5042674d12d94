"""The shape of the code: who may import whom (ARCHITECTURE.md), and every interface word in both
languages with none left unused."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.store.queries import expand, query_text
from tracker.ui_text import TEXT
from tracker.viewstate import (
    BASEMAPS,
    BLOCKER_FILTERS,
    CLEARANCE_BASELINES,
    LEVELS,
    METRICS,
    SCOPES,
)
from tracker.vocabulary import (
    BLOCKER_CATEGORIES,
    BLOCKER_STATUSES,
    CAPITAL_SOURCES,
    ESCALATION_LEVELS,
    FILE_KINDS,
    PLAN_BASELINES,
    PROJECT_KINDS,
    PROJECT_STAGES,
)

REPO = Path(__file__).resolve().parent.parent
TRACKER = REPO / "tracker"

#: The layers of ARCHITECTURE.md: a module may import its own layer and those below it.
LAYERS = {
    "vocabulary": 0,
    "config": 0,
    "errors": 0,
    "i18n": 0,
    "ui_text": 0,
    "exports": 0,
    "tolerance": 0,
    "store": 1,
    "geodata": 1,
    "names": 1,
    "communes": 1,
    "crs": 1,
    "overlay": 1,
    "alignments": 1,
    "scopes": 1,
    "uploads": 2,
    "figures": 2,
    "series": 2,
    "reconcile": 2,
    "reconcile_status": 2,
    "summary": 2,
    "commune_figures": 2,
    "blockers": 2,
    "forecasts": 2,
    "national": 2,
    "status": 2,
    "viewstate": 3,
    "tables": 3,
    "national_tables": 3,
    "status_tables": 3,
    "charts": 3,
    "maps": 3,
    "outlook": 3,
    "oc4ids": 3,
    "view": 3,
    "web_assets": 3,
    "projects": 4,
    "auth": 4,
    "demo": 4,
    "brief": 4,
    "cli": 5,
    "__main__": 5,
    "__init__": 0,
}
#: Within layer 2, uploads and figures stay apart: an upload's checks never need a figure.
APART = {("uploads", "figures"), ("uploads", "series"), ("uploads", "summary")}


def _python_files(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.rglob("*.py"))


def _imports(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _top(path: Path) -> str:
    """The tracker module (or package) a file belongs to: 'store', 'figures', ..."""
    return path.relative_to(TRACKER).with_suffix("").parts[0]


def test_tracker_never_imports_streamlit_or_the_page() -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _python_files(TRACKER)
        for name in _imports(path)
        if name.split(".")[0] in ("streamlit", "streamlit_folium", "ui", "app")
    ]
    assert offenders == []


def test_every_module_has_a_layer() -> None:
    assert {_top(p) for p in _python_files(TRACKER)} <= set(LAYERS)


@pytest.mark.parametrize("path", list(_python_files(TRACKER)), ids=lambda p: p.name)
def test_imports_go_down_the_layers(path: Path) -> None:
    mine = _top(path)
    wrong = []
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] != "tracker" or len(parts) < 2 or parts[1] not in LAYERS:
            continue
        theirs = parts[1]
        if theirs != mine and (LAYERS[theirs] > LAYERS[mine] or (mine, theirs) in APART):
            wrong.append(name)
    assert wrong == [], f"{path.relative_to(REPO)} reaches up to {sorted(set(wrong))}"


# -- interface words -------------------------------------------------------------------------

#: Keys built at run time from a prefix and a word of the vocabulary.
_BUILT = {
    "kind_": PROJECT_KINDS,
    "metric_": METRICS,
    "baseline_": (*PLAN_BASELINES, *CLEARANCE_BASELINES),
    "basemap_": BASEMAPS,
    "source_": CAPITAL_SOURCES,
    "upload_template_": FILE_KINDS,
    "blocker_category_": BLOCKER_CATEGORIES,
    "blocker_status_": BLOCKER_STATUSES,
    "escalation_": ESCALATION_LEVELS,
    "blocker_filter_": BLOCKER_FILTERS,
    "blocker_which_": BLOCKER_FILTERS,
    "forecast_deadline_kind_": ("handover", "planned_completion"),
    "forecast_": ("done", "too_few_reports", "no_baseline", "no_progress"),
    "stage_": (*PROJECT_STAGES, "no_status"),
    "scope_": SCOPES,
    "level_": LEVELS,
    "country_map_hint_": LEVELS,
}
#: Helpers that add a prefix to the keys they are given, by file.
_PREFIXING = {"ui/upload_tab.py": ("_t", "upload_"), "ui/access.py": ("t", "access_")}
_LOOKUPS = ("t", "_t", "ui_t")


def _sources() -> list[Path]:
    return [*_python_files(TRACKER), *_python_files(REPO / "ui"), REPO / "app.py"]


def _literal_keys() -> Iterator[tuple[str, str]]:
    """(file, key) for every interface word looked up with a literal key."""
    for path in _sources():
        relative = str(path.relative_to(REPO))
        helper, prefix = _PREFIXING.get(relative, ("", ""))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in _LOOKUPS or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                added = prefix if node.func.id == helper else ""
                yield relative, added + first.value


def _all_strings() -> set[str]:
    """Every string constant in the code, with the prefix its module's helper adds."""
    found: set[str] = set()
    for path in _sources():
        _, prefix = _PREFIXING.get(str(path.relative_to(REPO)), ("", ""))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= {node.value, prefix + node.value}
    for prefix, words in _BUILT.items():
        found |= {prefix + w for w in words}
    return found


def test_every_key_looked_up_exists_in_both_languages() -> None:
    missing = [f"{where}: {key}" for where, key in _literal_keys() if key not in TEXT]
    assert missing == []
    one_language = [k for k, v in TEXT.items() if set(v) != {"vi", "en"} or not all(v.values())]
    assert one_language == []


def test_no_interface_word_is_unused() -> None:
    assert sorted(set(TEXT) - _all_strings()) == []


def test_an_engine_s_fragment_defines_the_parts_of_the_shared_one() -> None:
    """A fragment written for one engine replaces the shared one there, so it must define the same
    named parts with the same parameters, the fragments each names included (its rows are
    compared on both stores elsewhere)."""
    folder = REPO / "db" / "queries" / "fragments"
    engine_specific = sorted(folder.glob("*.*.sql"))
    assert engine_specific, "no engine-specific fragment to check"
    for path in engine_specific:
        name, engine, _ = path.name.split(".")
        assert engine in ("duckdb", "postgres"), path.name
        shared = expand((folder / f"{name}.sql").read_text(encoding="utf-8"), engine)
        specific = expand(path.read_text(encoding="utf-8"), engine)
        assert _parts(specific) == _parts(shared), path.name
        assert set(re.findall(r"\$\w+", specific)) == set(re.findall(r"\$\w+", shared)), path.name


def _parts(sql: str) -> list[str]:
    return re.findall(r"^(\w+) AS \(", sql, flags=re.MULTILINE)


@pytest.mark.parametrize(
    "name", ["../secrets", "fragments/../../etc/passwd", "clearance_series.sqlite"]
)
def test_a_query_name_never_reaches_outside_the_queries_folder(name: str) -> None:
    with pytest.raises(ValueError, match="invalid query name"):
        query_text(name)
