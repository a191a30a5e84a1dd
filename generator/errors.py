"""Error types. The CLI is the only place that turns them into exit codes."""

from __future__ import annotations


class BudgetgenError(Exception):
    """Base class of every error budgetgen raises on purpose."""


class InputError(BudgetgenError):
    """The input cannot be read at all (missing file, broken YAML/JSON). Exit code 2."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {message}")


class InvariantError(BudgetgenError):
    """A derived table broke an identity it must satisfy: a bug in budgetgen, not in the data."""
