"""Decide which files to write for a book and write them: all of them or none.

Every file goes first to a hidden temporary beside its target (``.a.pdf.k3j9x0q1``), and only
when every temporary is whole are they renamed onto their targets. A failure (a full disk, a
read-only folder, an output path that is a file) removes the temporaries and leaves the folder
as it was; a build killed outright leaves its temporaries, which the next build of the same
book removes. Each failure is one Chinese sentence naming the path (:class:`OutputError`).
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from generator.errors import OutputError
from generator.publication.model import Publication
from generator.writers import WRITERS, pdf

# Why a file could not be written, by errno, with what to do next.
_REASONS = {
    errno.EACCES: "没有写入权限，请换一个有权限的输出目录",
    errno.EPERM: "没有写入权限，请换一个有权限的输出目录",
    errno.EROFS: "所在的磁盘或目录是只读的，请换一个输出目录",
    errno.ENOSPC: "磁盘已满，请腾出空间或换一个输出目录",
    errno.EDQUOT: "超出磁盘配额，请腾出空间或换一个输出目录",
    errno.EFBIG: "文件超过了系统允许的大小，请腾出空间或换一个输出目录",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹，请换一个输出目录",
    errno.EEXIST: "路径中有一段是文件而不是文件夹，请换一个输出目录",
    errno.EISDIR: "已有同名的文件夹，请移走它或换一个输出目录",
    errno.ENOENT: "无法在这里建立输出目录，请换一个输出目录",
    errno.ENAMETOOLONG: "路径太长，请换一个短一些的输出目录",
}
_TEMP_TAIL = r"\.[a-z0-9_]{8}"  # what tempfile.mkstemp adds after the prefix


def output_error(path: Path, exc: OSError) -> OutputError:
    """``exc`` met while writing ``path``, as the sentence the user reads."""
    reason = _REASONS.get(exc.errno or 0) or f"{exc.strerror or type(exc).__name__}，请检查输出目录"
    return OutputError(str(path), reason)


def remove_stale(target: Path) -> None:
    """Remove the temporaries a killed build of ``target`` left beside it."""
    pattern = re.compile(re.escape(f".{target.name}") + _TEMP_TAIL)
    try:
        stale = [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return  # the folder cannot be listed: writing there will say why
    for path in stale:
        path.unlink(missing_ok=True)


def _temporary(target: Path, data: bytes) -> Path:
    """``data`` in a whole hidden file beside ``target``, with normal permissions."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file normal permissions
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file of ``files`` or none (see the module). Raises :class:`OutputError`."""
    temporaries: dict[Path, Path] = {}
    renamed: list[Path] = []
    target = next(iter(files), Path("."))
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
            remove_stale(target)
            temporaries[target] = _temporary(target, data)
        for target, tmp in temporaries.items():
            os.replace(tmp, target)
            renamed.append(target)
    except BaseException as exc:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)
        for done in renamed:  # none of the book's files, not even those already in place
            done.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(target, exc) from None
        raise
    return renamed


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    write_all({path: data})


def build(publication: Publication, name: str, formats: list[str], out: Path,
          pdf_variant: str | None = None) -> list[Path]:
    """Render every format in memory first, then write them all or none; returns the paths
    written. ``pdf_variant`` (e.g. ``pdf/a-3b``) asks for a PDF/A or PDF/UA edition."""
    writers = dict(WRITERS)
    if pdf_variant is not None:
        writers["pdf"] = pdf.writer(pdf_variant)
    rendered = {}
    for fmt in formats:
        target = out / f"{name}.{fmt}"
        try:
            rendered[target] = writers[fmt](publication)
        except OSError as exc:  # a writer's own temporary files (openpyxl writes each sheet to one)
            folder = Path(exc.filename).parent if exc.filename else Path(tempfile.gettempdir())
            reason = output_error(target, exc).reason
            raise OutputError(str(target), f"生成时无法在 {folder} 写临时文件：{reason}") from None
    return write_all(rendered)
