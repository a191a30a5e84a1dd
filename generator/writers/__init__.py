"""Writers: each turns a publication into the bytes of one format. Add a format here."""

from __future__ import annotations

from collections.abc import Callable

from generator.publication.model import Publication
from generator.writers import docx, html, json_model, pdf

Writer = Callable[[Publication], bytes]


def _xlsx(publication: Publication) -> bytes:
    from generator.writers import xlsx  # openpyxl loads only when a workbook is asked for

    return xlsx.write(publication)


# Output formats by file extension. ``DEFAULT`` is what ``build`` writes unless told otherwise.
WRITERS: dict[str, Writer] = {
    "html": html.write,
    "pdf": pdf.write,
    "docx": docx.write,
    "json": json_model.write,
    "xlsx": _xlsx,
}
DEFAULT = ("html", "pdf", "docx")
