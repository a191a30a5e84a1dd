"""Decide which files to write for a book and write them atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.publication.model import Publication
from generator.writers import WRITERS, pdf


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file normal permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(publication: Publication, name: str, formats: list[str], out: Path,
          pdf_variant: str | None = None) -> list[Path]:
    """Render every format in memory first, then write them; returns the paths written.
    ``pdf_variant`` (e.g. ``pdf/a-3b``) asks for a PDF/A or PDF/UA edition."""
    writers = dict(WRITERS)
    if pdf_variant is not None:
        writers["pdf"] = pdf.writer(pdf_variant)
    rendered = {fmt: writers[fmt](publication) for fmt in formats}
    written = []
    for fmt, data in rendered.items():
        target = out / f"{name}.{fmt}"
        write_atomic(target, data)
        written.append(target)
    return written
