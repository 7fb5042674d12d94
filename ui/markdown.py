"""Making stored text safe to show: user-supplied names and notes are data, never markup."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """``text`` with every Markdown/HTML-significant character escaped, for Markdown renderers."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
