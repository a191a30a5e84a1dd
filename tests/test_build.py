"""Writing a book's files: all of them or none, and one Chinese sentence when it cannot be done."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import write_all
from generator.cli import main
from generator.errors import OutputError
from tests.helpers import TESTDATA

BOOK = TESTDATA / "valid-minimal.yaml"


def _build(out: Path) -> int:
    return main(["build", str(BOOK), "--format", "html,json", "--out", str(out)])


@pytest.mark.parametrize("make", ["file", "devnull"])
def test_out_that_is_a_file_is_one_sentence_and_exit_two(tmp_path: Path, make: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = Path(os.devnull) if make == "devnull" else tmp_path / "out.txt"
    if make == "file":
        out.write_text("x", encoding="utf-8")
    assert _build(out) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (f"无法写出 {out}/valid-minimal.html：路径中有一段是文件而不是文件夹，"
                                    "请换一个输出目录。")
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.txt"] if make == "file" else [])


@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "磁盘已满，请腾出空间或换一个输出目录"),
    (errno.EROFS, "所在的磁盘或目录是只读的，请换一个输出目录"),
    (errno.EACCES, "没有写入权限，请换一个有权限的输出目录"),
])
def test_a_failed_rename_leaves_none_of_the_books_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str],
                                                        code: int, reason: str) -> None:
    """The first format is already in place when the second fails: it goes too."""
    real_replace = os.replace
    calls: list[str] = []

    def second_fails(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(code, os.strerror(code))
        real_replace(src, dst)

    monkeypatch.setattr(build_module.os, "replace", second_fails)
    assert _build(tmp_path) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"无法写出 {tmp_path}/valid-minimal.json：{reason}。"
    assert list(tmp_path.iterdir()) == []  # neither the .html renamed first nor any temporary


def test_a_full_disk_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    opened: list[int] = []

    class Full:
        def __init__(self, fd: int) -> None:
            self.fh = real_fdopen(fd, "wb")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            opened.append(len(data))
            if len(opened) == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.fh.write(data)

    monkeypatch.setattr(build_module.os, "fdopen", lambda fd, mode: Full(fd))
    files = {tmp_path / f"a.{fmt}": b"x" * 10 for fmt in ("html", "pdf", "docx")}
    with pytest.raises(OutputError) as info:
        write_all(files)
    assert str(info.value) == f"无法写出 {tmp_path}/a.docx：磁盘已满，请腾出空间或换一个输出目录。"
    assert list(tmp_path.iterdir()) == []


def test_earlier_files_stay_when_a_rebuild_fails_before_renaming(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is renamed until every temporary is whole: the previous build stays as it was."""
    write_all({tmp_path / "a.html": b"old", tmp_path / "a.json": b"old"})
    monkeypatch.setattr(build_module, "_temporary", _fail_on("a.json"))
    with pytest.raises(OutputError):
        write_all({tmp_path / "a.html": b"new", tmp_path / "a.json": b"new"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a.html": b"old", "a.json": b"old"}


def _fail_on(name: str):  # type: ignore[no-untyped-def]
    real = build_module._temporary

    def temporary(target: Path, data: bytes) -> Path:
        if target.name == name:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(target, data)
    return temporary


def test_a_folder_in_the_way_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.html").mkdir()
    with pytest.raises(OutputError) as info:
        write_all({tmp_path / "a.html": b"x"})
    assert str(info.value) == f"无法写出 {tmp_path}/a.html：已有同名的文件夹，请移走它或换一个输出目录。"


def test_temporaries_of_a_killed_build_go_with_the_next_build(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    stale = [".valid-minimal.html.k3j9x0q1", ".valid-minimal.json.a_b0c1d2"]
    kept = [".other.html.k3j9x0q1", ".valid-minimal.html.notours", "notes.txt"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"x" * 512)
    assert _build(tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*kept, "valid-minimal.html", "valid-minimal.json"])


def test_a_full_temporary_folder_while_rendering_the_workbook_is_an_output_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """openpyxl writes each sheet to a temporary file before zipping it: on a full disk that
    write fails inside lxml (fuzz seed 7604, a traceback). The build says so, exit 2, nothing
    written."""
    from lxml import etree
    from openpyxl.worksheet import _writer

    def full(*_: object, **__: object) -> None:
        raise etree.SerialisationError("IO_ENOSPC")

    monkeypatch.setattr(_writer.WorksheetWriter, "write_rows", full)
    code = main(["build", str(TESTDATA / "valid-minimal.yaml"), "--format", "html,xlsx",
                 "--out", str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"无法写出 {tmp_path}/valid-minimal.xlsx：生成时无法在 {tempfile.gettempdir()} 写临时文件："
        "磁盘已满，请腾出空间或换一个输出目录。")
    assert list(tmp_path.iterdir()) == []
