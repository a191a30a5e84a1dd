"""Whether a book changed since it was last checked: the one cache of ``batch`` and ``serve``.

A record names the generator it was made with (its code, templates and catalogs:
:func:`environment_digest`) and the files the book was made from (its data file, its units',
its previous edition's, and every catalog folder that could name its codes: :func:`inputs`),
with one digest of their contents. It is current while both digests still match: a book is
checked again when any of those files changes, a catalog is added beside it, or the generator
is updated, and never because a file was only touched (its time changed, not its content).
``batch`` keeps a record beside each book it built; ``serve`` keeps one per book of its folder
for the home page's listing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator import __version__
from generator.catalogs import watched
from generator.resources import CATALOGS, PACKAGE, TEMPLATES

# A digest per file or folder, shared while checking many records at once (a folder of books
# shares its catalog folders): pass the same dict to every call of one pass.
Memo = dict[Path, bytes]


def digest_files(paths: Iterable[Path], memo: Memo | None = None) -> str:
    """Digest of files; a folder (of catalogs) stands for the .csv files it holds."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        known = memo.get(path) if memo is not None else None
        if known is None:
            if path.is_dir():
                known = digest_files(sorted(path.glob("*.csv"))).encode()
            else:
                known = hashlib.sha256(path.read_bytes()).digest() if path.exists() else b"<missing>"
            if memo is not None:
                memo[path] = known
        digest.update(known)
    return digest.hexdigest()


def environment_digest() -> str:
    """The generator's code, templates and catalogs: a change to any of them checks all again."""
    files = sorted([*PACKAGE.rglob("*.py"), *TEMPLATES.rglob("*"), *CATALOGS.rglob("*")])
    return f"{__version__}:{digest_files(p for p in files if p.is_file())}"


def inputs(result: object, source: Path | None = None) -> list[Path]:
    """The files a validated book was made from: its own (``source`` when the data were read
    from another file, a workbook), its units', its previous edition's, the catalog folders."""
    from generator.pipeline import Validated

    assert isinstance(result, Validated)
    own = source if source is not None else Path(result.doc.path)
    files = [own]
    book = result.book
    if book is not None:
        base = Path(result.doc.path).parent
        files += [base / unit for unit in book.units]
        if book.edition and book.edition.previous:
            files.append(base / book.edition.previous)
    # a catalog added, changed or removed checks the book again
    files += list(watched(own, result.catalog_option))
    return files


def record(env: str, files: list[Path], **fields: Any) -> dict[str, Any]:
    """A record of a book made by the generator ``env`` from ``files``, with what to keep."""
    return {"environment": env, "inputs": [str(p) for p in files],
            "inputs_digest": digest_files(files), **fields}


def current(recorded: dict[str, Any], env: str, memo: Memo | None = None) -> bool:
    """Whether nothing ``recorded`` was made from has changed since."""
    files = recorded.get("inputs")
    if recorded.get("environment") != env or not isinstance(files, list):
        return False
    return bool(recorded.get("inputs_digest") == digest_files([Path(str(p)) for p in files], memo))
