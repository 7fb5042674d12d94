"""Comparison keys for Vietnamese place names.

People write the same commune many ways: "Phường Tam Thanh", "P. Tam Thanh", "tam  thanh",
decomposed Unicode from a Mac, "Hoà" or "Hòa", "Phường 04". The keys here make those equal while
keeping different names different. They are for comparing, never for display.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese tone marks as combining characters (NFD). The other marks (circumflex, breve, horn)
# change the letter itself and stay where they are.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Unit-type prefixes, tried on the lower-cased NFC text. Abbreviations need a dot or a space after
# them so that names such as "Pò Mã" keep their first letter.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("thị trấn", "thi_tran"),
    ("thi tran", "thi_tran"),
    ("đặc khu", "dac_khu"),
    ("dac khu", "dac_khu"),
    ("phường", "phuong"),
    ("phuong", "phuong"),
    ("xã", "xa"),
    ("xa", "xa"),
    ("tt", "thi_tran"),
    ("đk", "dac_khu"),
    ("p", "phuong"),
    ("x", "xa"),
)
_PREFIX_RE = re.compile(
    r"^\s*(?P<prefix>"
    + "|".join(re.escape(p) for p, _ in _PREFIXES)
    + r")(?:\s*\.\s*|\s+)(?P<rest>\S.*)$",
    re.DOTALL,
)
_KIND_BY_PREFIX = dict(_PREFIXES)

# Apostrophes and dashes that appear in names like "Ia H'Drai" or in copy-pasted text.
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "–": "-", "—": "-", "_": " "})
_NUMBER_RE = re.compile(r"\b0+(\d)")


def split_unit_prefix(text: str) -> tuple[str | None, str]:
    """Split a leading unit type off a name: ``("phuong", "Tam Thanh")`` for "P. Tam Thanh".

    The kind is ``xa``, ``phuong``, ``thi_tran``, ``dac_khu`` or ``None`` when there is no prefix.
    The rest keeps its original spelling (trimmed). A prefix alone ("Xã") is not stripped.
    """
    nfc = unicodedata.normalize("NFC", text).strip()
    match = _PREFIX_RE.match(nfc.lower())
    if match is None:
        return None, nfc
    # Lower-casing NFC text never changes its length for Vietnamese letters, so offsets carry over.
    return _KIND_BY_PREFIX[match.group("prefix")], nfc[match.start("rest") :].strip()


def strip_unit_prefix(text: str) -> str:
    """The name without its unit type: "Xã Đồng Đăng" → "Đồng Đăng"."""
    return split_unit_prefix(text)[1]


def _word_key(word: str) -> str:
    """One word with its tone mark moved to the end, so tone placement no longer matters."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        (tones if char in _TONE_MARKS else letters).append(char)
    return unicodedata.normalize("NFC", "".join(letters) + "".join(sorted(tones)))


def _base_key(text: str) -> str:
    """Case-, normalisation-, spacing- and tone-placement-insensitive form of ``text``."""
    cleaned = unicodedata.normalize("NFC", text).translate(_PUNCT).casefold()
    cleaned = cleaned.replace("-", " ")
    cleaned = _NUMBER_RE.sub(r"\1", cleaned)
    return " ".join(_word_key(word) for word in cleaned.split())


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Comparison key of a place name, with diacritics.

    Equal for "Phường Tam Thanh", "P. tam  thanh" and its NFD form; "Hoà" = "Hòa"; "Phường 04" =
    "Phường 4". Different for names that differ only by diacritics ("Tân Văn" ≠ "Tấn Văn").
    """
    return _base_key(strip_unit_prefix(text))


@lru_cache(maxsize=65536)
def ascii_key(text: str) -> str:
    """Like :func:`name_key` but without any diacritics ("Đồng Đăng" → "dong dang")."""
    key = unicodedata.normalize("NFD", name_key(text)).replace("đ", "d")
    return "".join(c for c in key if not unicodedata.combining(c))


def unprefixed_keys(text: str) -> tuple[str, str]:
    """``(name_key, ascii_key)`` of the whole text, prefix kept.

    For names that merely look like a prefix ("Xa Phin" is "Xà Phìn" typed without accents).
    """
    key = _base_key(text)
    plain = unicodedata.normalize("NFD", key).replace("đ", "d")
    return key, "".join(c for c in plain if not unicodedata.combining(c))


def stored_keys(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Accented and ascii keys under which a stored name (with or without type) should be found.

    Besides :func:`name_key`, the keys of the text with its (first) prefix removed but nothing
    more, so "Xa Dung" (a real xã) is found as "Xã Xa Dung" and "Phường Phường Đúc" (a spelling in
    the crosswalk) as "Phường Đúc".
    """
    rest = strip_unit_prefix(text)
    candidates = (
        name_key(text),
        unprefixed_keys(text)[0],
        unprefixed_keys(rest)[0],
        name_key(rest),
    )
    accented = frozenset(candidates)
    plain = frozenset(
        "".join(
            c
            for c in unicodedata.normalize("NFD", k).replace("đ", "d")
            if not unicodedata.combining(c)
        )
        for k in accented
    )
    return accented, plain
