"""Hostile and broken input: bounded work, every finding at once, any platform and path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import batch, limits
from generator.cli import main
from generator.pipeline import validate
from tests.helpers import DATA, ROOT, TESTDATA

BOMB = "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 12))
BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + BOMB


def _findings(path: Path) -> list[tuple[str, str, int, int]]:
    return [(f.code, f.message, f.locations[0].line, f.locations[0].column)
            for f in validate(str(path)).findings]


def test_alias_bomb_gets_one_finding(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    assert _findings(bomb) == [("syntax.alias", "不支持别名「*a0」：数据文件中的每一项请直接写出，"
                                "不要用锚点和别名（& 和 *）引用别处的内容", 2, 10)]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_gets_one_finding(tmp_path: Path, suffix: str) -> None:
    deep = tmp_path / f"deep{suffix}"
    deep.write_text('{"a": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert _findings(deep) == [("limit.depth", "嵌套超过 40 层：预算数据用不了这么深的层次，请检查括号和缩进",
                                1, 46)]


def test_block_nesting_and_size_and_text_limits(tmp_path: Path) -> None:
    block = tmp_path / "block.yaml"
    block.write_text("a:\n" + "".join("  " * i + "- \n" for i in range(1, 1000)), encoding="utf-8")
    assert [f[0] for f in _findings(block)] == ["limit.depth"]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    assert _findings(big) == [("limit.size", "文件有 10.0 MB，超过上限 2 MB：一本预算的数据文件通常不到 100 KB，"
                               "请检查是否选错了文件", 1, 1)]
    long = tmp_path / "long.yaml"
    long.write_text("主要职能: {导语: " + "长" * 30000 + "}\n", encoding="utf-8")
    assert _findings(long) == [("limit.text", "这段文字有 30000 个字符，超过上限 20000：请检查文件是否损坏，"
                                "或把它缩短", 1, 12)]
    texts = tmp_path / "texts.yaml"
    texts.write_text("条目:\n" + "".join(f"  - {'文' * 19000}\n" for _ in range(5)), encoding="utf-8")
    assert _findings(texts) == [("limit.text", "文件中的文字到这里已超过 80000 字的上限：一本预算用不了这么多文字，"
                                 "请检查是否重复粘贴或把多本预算写进了一个文件", 6, 5)]
    many = tmp_path / "many.yaml"
    many.write_text("条目: [" + ",".join(["1"] * 3000) + "]\n", encoding="utf-8")
    assert _findings(many) == [("limit.items", "这个列表超过 2000 项：一本预算用不了这么多，请检查文件是否损坏",
                                1, 5)]


def _minimal(tmp_path: Path, old: str, new: str, name: str = "book.yaml") -> Path:
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_refused_line_does_not_hide_the_rest_and_its_consequences_nest_under_it(tmp_path: Path) -> None:
    book = _minimal(tmp_path, '{科目: "2101101", 人员经费: 190754.60}', '{科目: 2101101, 人员经费: 190754.60}')
    text = book.read_text(encoding="utf-8").replace("负责本区医疗保障工作。", "负责本区XX工作。")
    book.write_text(text, encoding="utf-8")
    result = validate(str(book))
    assert result.book is None
    assert [f.code for f in result.findings] == ["text.placeholder", "code.unquoted"]
    root = result.findings[1]
    assert root.place == "支出明细[2] › 科目"
    assert [(c.code, c.place) for c in root.consequences] == [
        ("explanation.unknown-code", "四、预算编制说明 · 财政拨款支出主要内容"),
        ("sum.economic", "表8 一般公共预算基本支出部门预算经济分类预算表 · 合计 · 人员经费")]
    lines = root.render().splitlines()
    assert lines[1] == "    以下问题可能由此引起，改正上面的错误后再核对："
    assert lines[2].startswith(f"      {book}:19:5: 错误 [explanation.unknown-code]")
    assert root.as_dict()["consequences"][1]["code"] == "sum.economic"  # type: ignore[index]


def test_full_width_amount_and_split_amount_are_reported_and_the_rest_checked(tmp_path: Path) -> None:
    book = _minimal(tmp_path, "{科目: \"2101101\", 人员经费: 190754.60}", "{科目: \"2101101\", 人员经费: 190,754.60}")
    text = book.read_text(encoding="utf-8").replace("机关运行经费: 222216.20", "机关运行经费: ２２２２１６.２０")
    book.write_text(text, encoding="utf-8")
    assert [f[0] for f in _findings(book)] == ["syntax.thousands-comma", "syntax.full-width"]


def test_crlf_file_in_a_folder_with_spaces_and_chinese(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "预算 数据" / "2025 年"
    folder.mkdir(parents=True)
    source = (DATA / "songjiang-yibao-2025.yaml").read_bytes()
    crlf = folder / "松江 医保.yaml"
    crlf.write_bytes(source.replace(b"\n", b"\r\n"))
    out = tmp_path / "输出 目录"
    assert main(["build", str(crlf), "--format", "html,json", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["松江 医保.html", "松江 医保.json"]
    lf = validate(str(DATA / "songjiang-yibao-2025.yaml"))
    assert validate(str(crlf)).doc.value_pos[("支出明细", 3)].line == lf.doc.value_pos[("支出明细", 3)].line


def test_batch_reports_the_pathological_book_and_builds_the_others(tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(DATA / "songjiang-yibao-2025.yaml", books / "good.yaml")
    (books / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (books / "deep.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    outcomes = batch.run(books, tmp_path / "out", ["html"], jobs=1, progress=lambda *_: None)
    assert {o.name: o.status for o in outcomes} == {"good": "built", "bomb": "failed", "deep": "failed"}
    assert "[syntax.alias]" in next(o.first_finding for o in outcomes if o.name == "bomb")
    # A book over its time limit is stopped and reported; nothing of it is written.
    slow = batch.run(books, tmp_path / "slow", ["html"], jobs=1, progress=lambda *_: None, seconds=0.01)
    good = next(o for o in slow if o.name == "good")
    assert (good.status, good.first_finding) == ("failed", "超过每本的时间上限 0.01 秒，已停止：请检查这个文件")
    assert sorted(p.name for p in (tmp_path / "slow").iterdir()) == ["index.html"]


def _spin(seconds: float) -> None:
    """Busy for ``seconds`` of CPU time: a limit shorter than that must stop it first."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_time_limit_stops_a_long_step() -> None:
    with pytest.raises(limits.TimeLimitExceeded), limits.time_limit(0.2):
        _spin(20)


IGNORING_CTRL_C = """
import os, signal, sys, time
sys.path.insert(0, {root!r})
from generator import limits
signal.signal(signal.SIGINT, signal.SIG_IGN)
end = time.process_time() + 20
try:
    with limits.time_limit(0.2):
        while time.process_time() < end:
            pass
    print("not stopped")
except limits.TimeLimitExceeded:
    print("stopped")
with limits.time_limit(5):
    os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C stays ignored
    time.sleep(0.1)
print("ignored", signal.getsignal(signal.SIGINT) is signal.SIG_IGN)
"""


def test_time_limit_stops_a_process_that_ignores_ctrl_c() -> None:
    # A script's background job (`budgetgen batch … &`) starts with SIGINT ignored, and Python
    # then drops the watcher's interrupt: the limit must stop the book all the same.
    done = subprocess.run([sys.executable, "-c", IGNORING_CTRL_C.format(root=str(ROOT))],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.split() == ["stopped", "ignored", "True"], done.stderr[-2000:]


def test_time_limit_gives_back_ctrl_c_and_the_handler() -> None:
    import signal

    # As in a terminal (the suite itself may run with Ctrl-C ignored, as a background job)
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), limits.time_limit(5):
            signal.raise_signal(signal.SIGINT)
            time.sleep(0.1)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, outer)


def test_time_limit_counts_cpu_seconds_not_waiting() -> None:
    # A book waiting for the CPU on a loaded machine uses none: 0.6 s of waiting under a 0.2 s
    # limit is not stopped, while 0.2 s of work after it is.
    start = time.monotonic()
    with limits.time_limit(0.2):
        time.sleep(0.6)
    assert time.monotonic() - start >= 0.6
    cpu = time.process_time()
    with pytest.raises(limits.TimeLimitExceeded), limits.time_limit(0.2):
        _spin(20)
    assert 0.2 <= time.process_time() - cpu < 1.5


def test_memory_limit_turns_a_runaway_allocation_into_memory_error() -> None:
    if limits.resource is None:
        pytest.skip("no resource module on this platform")
    code = textwrap.dedent("""
        from generator.limits import cap_memory
        assert cap_memory(300)
        try:
            block = bytearray(600 * 1024 * 1024)
        except MemoryError:
            print("MemoryError")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.stdout.strip() == "MemoryError", done.stderr


def test_cli_starts_without_unix_only_modules(tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys
        for name in ("resource", "fcntl", "termios", "pwd", "grp"):
            sys.modules[name] = None  # import fails, as on Windows
        from generator.cli import main
        import generator.batch, generator.limits
        assert generator.limits.peak_kb() == 0 and not generator.limits.cap_memory(100)
        sys.exit(main(["build", {str(DATA / "songjiang-yibao-2025.yaml")!r}, "--format", "html,docx",
                       "--out", {str(tmp_path)!r}]))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["songjiang-yibao-2025.docx",
                                                          "songjiang-yibao-2025.html"]


def test_build_without_chinese_fonts_stops_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "fc-list"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")  # fontconfig knows no Chinese font
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    assert main(["build", str(DATA / "songjiang-yibao-2025.yaml"), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        "无法生成：找不到中文字体，无法生成 PDF（文字会显示为方框）：请安装字体包 fonts-noto-cjk"
        "（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk），或用 --format html,docx 先生成其他格式\n")
    assert not out.exists()
    # Formats without PDF need no font check.
    assert main(["build", str(DATA / "songjiang-yibao-2025.yaml"), "--format", "html", "--out", str(out)]) == 0


def test_diff_and_forced_build_of_a_book_whose_errors_leave_nothing_to_lay_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Fuzz seed 6711: an 8-digit code passes the schema (code.level) but cannot be laid out.
    book = _minimal(tmp_path, '{科目: "2080505", 人员经费: 365207.36}', '{科目: "20805050", 人员经费: 365207.36}')
    assert main(["diff", str(TESTDATA / "valid-minimal.yaml"), str(book)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{book}：共 1 个错误，0 个警告，数据中的错误使它无法比较：请先改正"
    out = tmp_path / "out"
    assert main(["build", str(book), "--force", "--format", "html", "--out", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{book}：数据中的错误使这本书无法生成（--force 也不能）：请先改正上面的错误")
    assert not out.exists()


def test_escaped_marker_and_controls_never_reach_the_book(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """"\\x00" is the derivation's fact marker, "\\x01" and "\\e" break Word's XML: each is an
    error at its text, and a forced build prints the text without them in every edition."""
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8").replace(
        "  变动原因: 增加东西部交流项目", '  变动原因: "增加\\x000\\x00东西部\\x01交流\\e[31m项目"')
    book = tmp_path / "a.yaml"
    book.write_text(text, encoding="utf-8")
    assert main(["validate", str(book)]) == 1
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "变动原因" in row)
    assert f"{book}:{line}:9: 错误 [syntax.control]" in capsys.readouterr().out
    assert main(["build", str(book), "--force", "--format", "html,docx",
                 "--out", str(tmp_path / "out")]) == 1
    html = (tmp_path / "out" / "a.html").read_text(encoding="utf-8")
    assert "增加0东西部交流[31m项目" in html and "\x00" not in html and "\x1b" not in html
    assert (tmp_path / "out" / "a.docx").stat().st_size > 0


def test_terminal_output_shows_control_sequences_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "x\x1b[2Jy\u202e"
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(folder / "a.yaml")],
                            capture_output=True, text=True, cwd=ROOT, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert f"{tmp_path}/x\\x1b[2Jy\\u202e/a.yaml: 找不到文件" in result.stderr
