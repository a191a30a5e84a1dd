"""Error types. The CLI is the only place that turns them into exit codes."""

from __future__ import annotations


class BudgetgenError(Exception):
    """Base class of every error budgetgen raises on purpose."""


class InputError(BudgetgenError):
    """The input cannot be read at all (missing file, broken YAML/JSON). Exit code 2."""

    def __init__(self, path: str, message: str, line: int | None = None,
                 column: int | None = None, code: str = "file.unreadable"):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.code = code  # stable, like a finding's: file.unreadable, file.encoding, …
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {message}")

    def as_dict(self) -> dict[str, object]:
        """The shape of a finding's JSON (``validate --format json``), with its position."""
        return {"code": self.code, "severity": "error", "message": self.message, "place": "",
                "locations": [{"file": self.path, "line": self.line or 0,
                               "column": self.column or (1 if self.line else 0)}]}


class InvariantError(BudgetgenError):
    """A derived table broke an identity it must satisfy: a bug in budgetgen, not in the data."""


class OutputError(BudgetgenError):
    """An output file cannot be written (read-only, full, not a folder). Exit code 2."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"无法写出 {path}：{reason}。")


class LayoutError(BudgetgenError):
    """A part of the book cannot be laid out on pages (WeasyPrint gave up on it). Exit code 2."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(f"无法排版「{part}」：其中的内容排不进页面，常见原因是表格的某一格文字长于"
                         "一页。请缩短这部分过长的文字后重试；其他格式未写出。")
