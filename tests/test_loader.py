"""The loader keeps every value's position and every number's literal text."""

from __future__ import annotations

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
