"""A view named on the command line: a link (or its query) and the options that override it,
read by the same rules as the app reads a link."""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs, urlsplit

from tracker import config
from tracker.errors import InputError
from tracker.geodata import province_codes
from tracker.store import Store
from tracker.viewstate import ViewState, from_query

#: Command-line options that set a link parameter, by option name.
_OVERRIDES = {
    "province": "province",
    "as_of": "as_of",
    "project": "project",
    "commune": "commune",
    "baseline": "baseline",
    "blocker": "blocker",
    "category": "category",
}


def view_from_args(store: Store, args: argparse.Namespace) -> ViewState:
    """The view ``args`` name; a parameter the app would drop is an error here, with why."""
    link = args.link or ""
    query_text = urlsplit(link).query if "?" in link or "://" in link else link
    query: dict[str, list[str]] = parse_qs(query_text, keep_blank_values=False)
    for option, name in _OVERRIDES.items():
        value = getattr(args, option, None)
        if value:
            query[name] = list(value) if isinstance(value, list) else [str(value)]
    if "lang" not in query or args.lang != "vi":  # --lang decides unless left at its default
        query["lang"] = [args.lang]
    province = (query.get("province") or [config.province_code()])[0]
    catalogue = store.query("projects", province=province)
    parsed = from_query(
        query,
        known_projects=dict(zip(catalogue.project_code, catalogue.kind, strict=True)),
        known_provinces=province_codes(),
    )
    if parsed.dropped:
        listing = "; ".join(d.message(args.lang) for d in parsed.dropped)
        raise InputError(
            vi=f"Tham số không hợp lệ: {listing}.",
            en=f"Invalid parameters: {listing}.",
        )
    return parsed.state.with_changes(province=parsed.state.province or province)
