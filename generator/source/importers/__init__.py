"""Importers: read something that is not a data file (a workbook, a published book) into the
values of a data file. Each is the inverse of a derivation and lives on the way in.

An importer module has ``SUFFIXES`` (the file endings it reads) and
``read(path: Path) -> Imported``. Adding one is a module and a line in ``_MODULES``.
A workbook goes to ``xlsx``: our own (with its 数据 sheet) is read exactly, any other as the
nine tables a budget system exports (``workbook``). Several files making one book (tables from
a workbook, texts from a PDF) are put together by ``combine``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.findings import Finding

# Module names and the file endings each reads (its ``SUFFIXES``), imported on demand: a
# reader's heavy dependency (openpyxl, PDFium) loads only when a file of its kind is read.
_MODULES: dict[str, tuple[str, ...]] = {"xlsx": (".xlsx",), "published": (".pdf", ".txt")}


@dataclass
class Imported:
    """What an importer read: the data file's values (key order = book order) and what it could
    not read or found contradictory, as located findings."""

    data: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    # the parts of a book and how far each was read: (part, 已读/部分/缺, where); empty for
    # importers that do not report parts
    parts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recognised(self) -> bool:
        """Whether anything of a budget book was recognised (always, for an importer that does
        not report parts)."""
        return not self.parts or any(status != "缺" for _, status, _ in self.parts)


def importer_for(path: Path) -> ModuleType | None:
    """The importer module that reads files ending like ``path``, or ``None``."""
    suffix = path.suffix.lower()
    for name, endings in _MODULES.items():
        if suffix in endings:
            return import_module(f"generator.source.importers.{name}")
    return None


def suffixes() -> list[str]:
    return [s for endings in _MODULES.values() for s in endings]
