"""Where ``budgetgen serve`` may read and write: inside its folder, nowhere else.

Every name that comes from a request (a book's path relative to the folder) is checked here:
no absolute paths, no ``..``, no backslashes or drive letters (Windows), no hidden folders, and
the resolved path (symlinks followed) must still lie inside the folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

# Where the server keeps what it makes (editions built on demand): a hidden folder, which the
# book listing (like ``batch``) leaves out.
WORK = ".budgetgen"


def inside(root: Path, name: str) -> Path | None:
    """The file ``name`` (relative, with ``/``) names inside ``root``, or ``None`` when it would
    lie outside (or in a hidden folder)."""
    if not name or "\\" in name or "\x00" in name or ":" in name:
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(part in ("..", ".", "") or part.startswith(".") for part in pure.parts):
        return None
    base = root.resolve()
    candidate = (base / Path(*pure.parts)).resolve()
    if candidate != base and base not in candidate.parents:
        return None
    return candidate


def relative(root: Path, path: Path) -> str:
    """``path`` as the name the pages use for it: relative to ``root``, with ``/``."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def work_dir(root: Path) -> Path:
    return root.resolve() / WORK
