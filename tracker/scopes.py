"""Who may write where: an editor account's scope is one or more provinces, or the whole country.

In a store that several provinces share, a board's editor uploads, undoes and registers only its
own province's projects. The command line is the administrator's tool and has no scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.errors import InputError
from tracker.geodata import province_codes, province_name
from tracker.vocabulary import NATIONAL_SCOPE


class OutOfScope(InputError):  # noqa: N818 (reads as what the write is)
    """A write that touches a project outside the editor's provinces; nothing was written."""


@dataclass(frozen=True)
class Scope:
    """The provinces an account may write (``None``: every province)."""

    provinces: frozenset[str] | None = None

    @classmethod
    def parse(cls, text: str) -> Scope:
        """``national`` or province codes separated by commas ("20", "11,20")."""
        cleaned = text.strip().lower()
        if cleaned == NATIONAL_SCOPE:
            return NATIONAL
        codes = frozenset(c.strip() for c in cleaned.split(",") if c.strip())
        unknown = sorted(codes - set(province_codes()))
        if not codes or unknown:
            shown = ", ".join(unknown) or text
            raise InputError(
                vi=f"Phạm vi '{shown}' không hợp lệ: ghi '{NATIONAL_SCOPE}' hoặc mã tỉnh 2 chữ số, "
                "cách nhau bằng dấu phẩy (ví dụ 20 hoặc 11,20).",
                en=f"Scope '{shown}' is not valid: write '{NATIONAL_SCOPE}' or 2-digit province "
                "codes separated by commas (e.g. 20 or 11,20).",
            )
        return cls(codes)

    @property
    def national(self) -> bool:
        return self.provinces is None

    def stored(self) -> str:
        """As kept in ``editor_accounts.scope``."""
        return NATIONAL_SCOPE if self.provinces is None else ",".join(sorted(self.provinces))

    def allows(self, province_code: str | None) -> bool:
        return self.provinces is None or province_code in self.provinces

    def describe(self, lang: str) -> str:
        """ "toàn quốc" / "the whole country", or the provinces by name and code."""
        if self.provinces is None:
            return "toàn quốc" if lang == "vi" else "the whole country"
        return ", ".join(_province(code, lang) for code in sorted(self.provinces))


NATIONAL = Scope()


def _province(code: str | None, lang: str) -> str:
    if code is None:
        return "không rõ tỉnh" if lang == "vi" else "no known province"
    name = province_name(code)
    return f"tỉnh {name} ({code})" if lang == "vi" else f"{name} ({code})"


def outside_message(scope: Scope, code: str, province: str | None, lang: str) -> str:
    """Why one project may not be written by an account of ``scope``."""
    if lang == "vi":
        return (
            f"Dự án {code} thuộc {_province(province, 'vi')}, ngoài phạm vi của tài khoản "
            f"({scope.describe('vi')})."
        )
    return (
        f"Project {code} is in {_province(province, 'en')}, outside this account's scope "
        f"({scope.describe('en')})."
    )


def refuse_outside(scope: Scope, projects: Mapping[str, str | None]) -> None:
    """Raise :class:`OutOfScope` naming every project (code → province) outside ``scope``."""
    outside = sorted(c for c, p in projects.items() if not scope.allows(p))
    if not outside:
        return
    vi = " ".join(outside_message(scope, c, projects[c], "vi") for c in outside)
    en = " ".join(outside_message(scope, c, projects[c], "en") for c in outside)
    raise OutOfScope(vi=f"{vi} Không ghi gì.", en=f"{en} Nothing was written.")
