"""The loader keeps every value's position and every number's literal text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.source.loader import Number, SourceFindings, load, loads


def test_numbers_keep_their_literal_text_and_positions() -> None:
    doc = loads("a: 0701\nb: \"0701\"\nc:\n  - 5596578.28\n  - {d: 1.10}\n", "t.yaml")
    assert doc.data == {"a": "0701", "b": "0701", "c": ["5596578.28", {"d": "1.10"}]}
    assert isinstance(doc.data["a"], Number) and not isinstance(doc.data["b"], Number)
    assert str(doc.locate(("c", 1, "d"))) == "t.yaml:5:9"
    assert str(doc.locate_key(("c", 1, "d"))) == "t.yaml:5:6"
    # A path below a scalar falls back to the nearest enclosing value.
    assert str(doc.locate(("c", 0, "x"))) == "t.yaml:4:5"


def test_json_positions_and_decimals() -> None:
    doc = loads('{\n  "金额": 1.10,\n  "科目": "2101501"\n}', "b.json")
    assert doc.data == {"金额": "1.10", "科目": "2101501"}
    assert isinstance(doc.data["金额"], Number)
    assert (doc.locate(("金额",)).line, doc.locate(("金额",)).column) == (2, 9)


def test_duplicate_keys_are_recorded() -> None:
    doc = loads("a: 1\na: 2\n", "t.yaml")
    assert doc.data == {"a": "1"}
    assert doc.duplicate_keys == [(("a",), (2, 1))]


@pytest.mark.parametrize(
    ("text", "name", "code", "line"),
    [
        ("a: [1, 2\n", "t.yaml", "syntax.bracket", 1),
        ('{"a": 1,,}', "t.json", "syntax.quote", 1),
    ],
)
def test_broken_files_raise_located_findings(text: str, name: str, code: str, line: int) -> None:
    with pytest.raises(SourceFindings) as info:
        loads(text, name)
    assert [f.code for f in info.value.findings] == [code]
    assert info.value.line == line


def test_missing_file(tmp_path: object) -> None:
    with pytest.raises(InputError, match="找不到文件"):
        load("/nonexistent/book.yaml")


@pytest.mark.parametrize(("escape", "code_point"), [
    ("\\x00", "U+0000"), ("\\x01", "U+0001"), ("\\e", "U+001B"), ("\\x7f", "U+007F"),
    ("\\x85", "U+0085"), ("\\r", "U+000D"),
])
def test_escaped_control_characters_are_located_and_taken_out(escape: str, code_point: str) -> None:
    """An escape in a quoted text writes a character the raw-file check cannot see: found at
    the text, and the value read without it (NUL is the derivation's internal fact marker)."""
    doc = loads(f'a: 1\nb: "增加{escape}0{escape}东西部"\n"k{escape}": x\n', "t.yaml")
    assert doc.data["b"] == "增加0东西部" and "k" in doc.data
    assert [(f.code, str(f.locations[0])) for f in doc.findings] == [
        ("syntax.control", "t.yaml:2:4"), ("syntax.control", "t.yaml:3:1")]
    assert code_point in doc.findings[0].message


def test_escaped_control_characters_in_json() -> None:
    doc = loads('{"a": "x\\u001b[31my"}', "t.json")
    assert doc.data == {"a": "x[31my"}
    assert [str(f.locations[0]) for f in doc.findings] == ["t.json:1:7"]


def test_tab_and_newline_escapes_stay() -> None:
    doc = loads('a: "一\\t二\\n三"\n', "t.yaml")
    assert doc.data == {"a": "一\t二\n三"} and doc.findings == []


def test_encoding_error_carries_its_position(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes("预算年度: 2025\n名称: 医保".encode() + "局".encode("gbk") + b"\n")
    with pytest.raises(InputError) as info:
        load(path)
    assert (info.value.code, info.value.line, info.value.column) == ("file.encoding", 2, 7)
    assert str(info.value).startswith(f"{path}:2:7: 文件不是 UTF-8 编码（看起来是 GBK/GB18030")
    assert info.value.as_dict()["locations"] == [{"file": str(path), "line": 2, "column": 7}]


def test_a_symlink_loop_is_told_in_chinese(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to("loop.yaml")
    with pytest.raises(InputError) as info:
        load(loop)
    assert str(info.value) == f"{loop}: 无法读取文件：符号链接构成循环，请改正或删去这个链接"
