"""The command line: exit codes, text and JSON findings, nothing written for a bad book."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import DATA, EXAMPLES, ROOT, TESTDATA


def test_validate_examples_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, EXAMPLES.values())]) == 0
    out = capsys.readouterr().out
    assert out.count("共 0 个错误，0 个警告") == 3


def test_validate_reports_every_finding_and_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    path = TESTDATA / "invalid" / "unknown-key.yaml"
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path}:16:3: 错误 [schema.missing] 预算编制说明：缺少必填项「变动原因」")
    assert out[-1] == f"{path}：共 2 个错误，0 个警告"


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = TESTDATA / "invalid" / "000-three-public-zero.yaml"
    assert main(["validate", "--format", "json", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings == [{
        "code": "cross.three-public",
        "severity": "error",
        "message": "“三公”经费公务接待费少于经济分类 30217 的基本支出：按经济分类应为 3,000.00元，"
                   "实为 0.00元，相差 3,000.00元",
        "place": "表9 “三公”经费和机关运行经费预算表 · 公务接待费",
        "locations": [{"file": str(path), "line": 36, "column": 10},
                      {"file": str(path), "line": 34, "column": 5}],
    }]


def test_unreadable_input_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("预算年度: [2025\n", encoding="utf-8")
    # A syntax mistake is a finding like any other (exit 1); a file that is not there exits 2.
    assert main(["validate", str(broken)]) == 1
    assert f"{broken}:1:7: 错误 [syntax.bracket] 方括号「[」没有闭合" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2


def test_bad_usage_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_build_writes_the_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLES["000"]), "--format", "json", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "songjiang-yibao-2025.json").read_text(encoding="utf-8"))
    assert data["title"] == "上海市松江区2025年区级单位预算"
    assert [s["toc_title"] for s in data["sections"]][:5] == [
        "一、单位主要职能", "二、单位机构设置", "三、名词解释", "四、单位预算编制说明", "五、单位预算表"]


def test_build_of_an_invalid_book_writes_nothing(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = TESTDATA / "invalid" / "economic-mismatch.yaml"
    assert main(["build", str(bad), "--out", str(tmp_path)]) == 1
    assert list(tmp_path.iterdir()) == []
    assert "未生成" in capsys.readouterr().err
    # --force builds it anyway, visibly marked 校验未通过.
    assert main(["build", str(bad), "--format", "html,json", "--out", str(tmp_path),
                 "--force"]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["economic-mismatch.html",
                                                          "economic-mismatch.json"]
    page = (tmp_path / "economic-mismatch.html").read_text(encoding="utf-8")
    assert '<p class="unvalidated" role="alert">校验未通过' in page
    assert '"unvalidated": true' in (tmp_path / "economic-mismatch.json").read_text()


def test_build_rejects_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLES["000"]), "--format", "odt,rtf", "--out",
                 str(tmp_path)]) == 2
    assert "不支持的格式 odt、rtf" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "validate",
                           str(DATA / "songjiang-yibao-2025.yaml")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "共 0 个错误" in done.stdout


def test_unreadable_file_does_not_hide_the_others(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing.yaml"), str(EXAMPLES["000"])]) == 2
    captured = capsys.readouterr()
    assert "missing.yaml: 找不到文件" in captured.err
    assert "songjiang-yibao-2025.yaml：共 0 个错误" in captured.out


def test_output_piped_into_head_stops_quietly(tmp_path: Path) -> None:
    # the diff of two books is far more than a pipe holds: head leaves while it is written
    err = tmp_path / "stderr.txt"
    books = " ".join(str(EXAMPLES[k]) for k in ("001", "000"))
    done = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m generator diff {books} 2>"{err}" | head -1; '
                       'echo "status=${PIPESTATUS[0]}"'],
        capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stdout.splitlines() == ["数据变化（455 处）：", "status=141"]
    assert err.read_text(encoding="utf-8") == ""


def test_ctrl_c_stops_with_a_sentence_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from generator import build

    def interrupted(*args: object, **kwargs: object) -> list[Path]:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "build", interrupted)
    assert main(["build", str(EXAMPLES["000"]), "--format", "json", "--out", str(tmp_path)]) == 130
    assert capsys.readouterr().err.endswith("已中断：已写出的文件是完整的，未完成的文件没有写出。\n")
    assert list(tmp_path.iterdir()) == []


def test_forced_build_of_a_book_the_schema_refuses_does_not_advise_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    old = '{科目: "2080505", 人员经费: 365207.36}'
    assert text.count(old) == 1
    book = tmp_path / "negative.yaml"
    book.write_text(text.replace(old, old.replace("365207.36", "-365207.36")), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(book), "--force", "--format", "html", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "[money.format]" in err and "金额不能为负数（-365207.36）" in err
    assert err.splitlines()[-1] == (
        f"{book}：共 1 个错误，0 个警告，未生成：数据中的错误使这本书无法生成（--force 也不能），"
        "请先改正上面的错误。")
    assert not out.exists()
    # without --force the same book is told about --force
    assert main(["build", str(book), "--format", "html", "--out", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-1].endswith(
        "未生成。请改正错误后重试（或用 --force 强制生成带“校验未通过”标记的版本）。")
