"""Validation findings: what the user must fix, where in the file, and where in the book."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    """An error stops the build; a warning is reported and the book is still built; a notice
    records something expected, with nothing to fix: which year's catalog was used, a printed
    total 1 元 above the sum of its printed rows. A reviewed finding is a warning (or notice)
    the data file records as checked (「已核实」), with the reason: shown, never counted."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"
    REVIEWED = "reviewed"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "notice": "提示", "reviewed": "已核实"}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A position in a data file, 1-based like editors show it. In a workbook, ``sheet`` names
    the sheet and ``line``/``column`` are the cell's row and column: ``book.xlsx!表2!C7``. A value
    read from a published book carries its ``page`` too (``line`` is 0 when the file has no lines,
    e.g. a PDF)."""

    file: str
    line: int
    column: int
    sheet: str = ""
    page: int = 0  # 0: not in a paged book

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.file}!{self.sheet}!{column_letters(self.column)}{self.line}"
        if self.page:
            where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
            return f"{where}（第{self.page}页）"
        return f"{self.file}:{self.line}:{self.column}"


def column_letters(column: int) -> str:
    """1 → A, 27 → AA: a spreadsheet column's name."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Finding:
    """One problem in the data.

    ``locations`` lists every data value involved: the first is the primary one (the value to
    change), the rest are the values it was compared with (the parts of a sum, say).
    ``place`` names the spot in the book in its own terms, e.g. "表2 收入预算总表 · 210 卫生健康支出 · 合计".
    """

    code: str
    severity: Severity
    message: str
    locations: tuple[Location, ...] = ()
    place: str = ""
    notes: tuple[str, ...] = field(default=())
    # Findings that may only follow from this one (a sum missing a refused line): shown under it.
    consequences: tuple[Finding, ...] = field(default=())
    # Why the data file records this finding as checked (severity REVIEWED only).
    reason: str = ""

    def with_consequences(self, consequences: tuple[Finding, ...]) -> Finding:
        """This finding with ``consequences`` shown under it."""
        return replace(self, consequences=self.consequences + consequences)

    def as_dict(self) -> dict[str, object]:
        out = self._fields()
        if self.consequences:
            out["consequences"] = [c.as_dict() for c in self.consequences]
        return out

    def _fields(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "place": self.place,
            "locations": [
                {"file": loc.file, "line": loc.line, "column": loc.column}
                | ({"sheet": loc.sheet} if loc.sheet else {})
                | ({"page": loc.page} if loc.page else {})
                for loc in self.locations
            ],
        }
        if self.reason:
            out["reason"] = self.reason
        return out

    def render(self) -> str:
        """Text form: ``file:line:col: 错误 [code] place：message`` plus one line per other location."""
        head = str(self.locations[0]) if self.locations else "?"
        place = f"{self.place}：" if self.place else ""
        why = f"（理由：{self.reason}）" if self.reason else ""
        lines = [f"{head}: {self.severity.label} [{self.code}] {place}{self.message}{why}"]
        lines += [f"    相关位置 {loc}" for loc in self.locations[1:]]
        if self.consequences:
            lines.append("    以下问题可能由此引起，改正上面的错误后再核对：")
            lines += ["      " + line for c in self.consequences for line in c.render().splitlines()]
        return "\n".join(lines)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: by file position of the primary location, then code."""
    far = Location("", 10**9, 0)
    return sorted(findings, key=lambda f: (f.locations[0] if f.locations else far, f.code))
