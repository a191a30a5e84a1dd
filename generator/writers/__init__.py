"""Writers: each turns a publication into the bytes of one format. Add a format here.

Each writer module is imported when its format is first written: a PDF-only build does not
load python-docx, and ``validate`` loads no writer at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from generator.publication.model import Publication

Writer = Callable[[Publication], bytes]


def _lazy(module: str) -> Writer:
    def write(publication: Publication) -> bytes:
        data: bytes = importlib.import_module(f"generator.writers.{module}").write(publication)
        return data
    write.__qualname__ = write.__name__ = f"{module}.write"
    return write


# Output formats by file extension. ``DEFAULT`` is what ``build`` writes unless told otherwise.
WRITERS: dict[str, Writer] = {
    "html": _lazy("html"),
    "pdf": _lazy("pdf"),
    "docx": _lazy("docx"),
    "json": _lazy("json_model"),
    "xlsx": _lazy("xlsx"),
}
DEFAULT = ("html", "pdf", "docx")
