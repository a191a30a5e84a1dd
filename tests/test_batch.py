"""``budgetgen batch``: parallel, incremental, a failing book does not stop the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import batch
from generator.cli import main
from tests.helpers import DATA, TESTDATA


@pytest.fixture
def books(tmp_path: Path) -> Path:
    root = tmp_path / "books"
    root.mkdir()
    shutil.copy(DATA / "songjiang-yibao-2025.yaml", root / "a.yaml")
    shutil.copy(DATA / "songjiang-yibao-forms-2026.yaml", root / "b.yaml")
    shutil.copy(TESTDATA / "invalid" / "economic-mismatch.yaml", root / "bad.yaml")
    shutil.copytree(DATA / "yangpu-rollup", root / "dept")
    return root


def _quiet(*_: object) -> None:
    pass


def test_batch_builds_what_it_can_and_reports_failures(books: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(books), "--out", str(out), "--jobs", "2", "--format", "html"]) == 1
    printed = capsys.readouterr().out
    assert "共 6 本：生成 5，未变化跳过 0，失败 1" in printed
    assert f"  失败 {books / 'bad.yaml'}：{books / 'bad.yaml'}:33:25: 错误 [sum.economic]" in printed
    assert sorted(p.name for p in out.glob("*.html")) == ["a.html", "b.html", "index.html"]
    assert (out / "dept" / "department.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="a.html">HTML</a>' in index and '<a href="dept/center.html">HTML</a>' in index
    assert "未通过：" in index and "sum.economic" in index


def test_unchanged_books_are_skipped_and_changes_rebuild(books: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batch.run(books, out, ["html"], jobs=1, progress=_quiet)
    assert [o.status for o in first].count("built") == 5
    stamp = (out / "a.html").stat().st_mtime_ns
    again = batch.run(books, out, ["html"], jobs=1, progress=_quiet)
    assert {o.name: o.status for o in again} == {
        "a": "skipped", "b": "skipped", "bad": "failed", "dept/bureau": "skipped",
        "dept/center": "skipped", "dept/department": "skipped"}
    assert (out / "a.html").stat().st_mtime_ns == stamp
    # Changing a unit rebuilds that unit and the department made from it, nothing else.
    center = books / "dept" / "center.yaml"
    center.write_text(center.read_text(encoding="utf-8").replace("机关运行经费: 2418225",
                                                                   "机关运行经费: 2418226"),
                      encoding="utf-8")
    third = batch.run(books, out, ["html"], jobs=1, progress=_quiet)
    assert sorted(o.name for o in third if o.status == "built") == ["dept/center",
                                                                    "dept/department"]
    # The warning this change raises survives a later skip in the index.
    fourth = {o.name: o for o in batch.run(books, out, ["html"], jobs=1, progress=_quiet)}
    assert fourth["dept/center"].status == "skipped" and fourth["dept/center"].warnings == 1


def test_find_books_skips_catalogs_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "x.yaml").write_text("a: 1")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "y.yaml").write_text("a: 1")
    (tmp_path / "book.yml").write_text("a: 1")
    assert [p.name for p in batch.find_books(tmp_path)] == ["book.yml"]


def test_a_failed_book_shows_its_first_error_not_an_earlier_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "books"
    root.mkdir()
    bad = (TESTDATA / "invalid" / "economic-mismatch.yaml").read_text(encoding="utf-8")
    # a warning (text.year) on line 13, before the error (sum.economic) further down
    bad = bad.replace("  导语: 负责本区医疗保障工作。", "  导语: 负责本区医疗保障工作（2019年度起）。")
    assert "2019年度" in bad
    (root / "bad.yaml").write_text(bad, encoding="utf-8")
    assert main(["batch", str(root), "--out", str(tmp_path / "out"), "--jobs", "1",
                 "--format", "html"]) == 1
    printed = capsys.readouterr().out
    assert f"  失败 {root / 'bad.yaml'}：{root / 'bad.yaml'}:33:25: 错误 [sum.economic]" in printed
    assert "text.year" not in printed


def test_a_new_catalog_rebuilds_the_books_that_use_it(tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(DATA / "songjiang-yibao-2025.yaml", books / "a.yaml")
    out = tmp_path / "out"
    assert [o.status for o in batch.run(books, out, ["html"], jobs=1, progress=_quiet)] == ["built"]
    assert [o.status for o in batch.run(books, out, ["html"], jobs=1, progress=_quiet)] == ["skipped"]
    (books / "catalogs").mkdir()
    (books / "catalogs" / "function-2025.csv").write_text("code,name\n21015,医疗保障管理事务\n",
                                                           encoding="utf-8")
    assert [o.status for o in batch.run(books, out, ["html"], jobs=1, progress=_quiet)] == ["built"]


def test_batch_reports_every_file_it_cannot_read(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A symbolic link in a loop or to nothing is named in the summary and the index, not skipped."""
    root = tmp_path / "books"
    (root / "sub").mkdir(parents=True)
    (root / "loop.yaml").symlink_to("loop.yaml")
    (root / "sub" / "gone.yml").symlink_to("missing.yml")
    (root / "sub" / "up").symlink_to("..")  # a folder loop: not followed, not a book
    books, unreadable = batch.scan(root)
    assert books == []
    assert [(p.relative_to(root).as_posix(), why) for p, why in unreadable] == [
        ("loop.yaml", "无法读取：符号链接构成循环，请改正或删去这个链接"),
        ("sub/gone.yml", "无法读取：符号链接指向的文件不存在，请改正或删去这个链接")]
    out = tmp_path / "out"
    assert main(["batch", str(root), "--out", str(out), "--format", "html"]) == 1
    printed = capsys.readouterr().out
    assert "共 2 本：生成 0，未变化跳过 0，失败 2" in printed
    assert f"  失败 {root}/loop.yaml：无法读取：符号链接构成循环，请改正或删去这个链接" in printed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("<td>loop</td>") < index.index("<td>sub/gone</td>")
    assert "符号链接指向的文件不存在" in index


def test_the_largest_books_are_built_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers take the books largest first, so no large book starts last and holds the run up
    while the other workers stand idle; the summary keeps the folder's order."""
    for name, source in (("a-small", "songjiang-yibao-2025"), ("b-large", "yangpu-yibao-2024"),
                         ("c-middle", "songjiang-yibao-forms-2026")):
        shutil.copy(DATA / f"{source}.yaml", tmp_path / f"{name}.yaml")
    submitted: list[str] = []

    def record(books: list[tuple[str, str]], jobs: int, job: object, done: object) -> list[object]:
        submitted.extend(name for _, name in books)
        for path, name in books:
            done(batch.Outcome(path, name, "failed"))  # type: ignore[operator]
        return []

    monkeypatch.setattr(batch, "_round", record)
    outcomes = batch.run(tmp_path, tmp_path / "out", ["html"], 2, progress=lambda *a: None)
    assert submitted == ["b-large", "c-middle", "a-small"]
    assert [o.name for o in outcomes] == ["a-small", "b-large", "c-middle"]
