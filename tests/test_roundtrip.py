"""A data file read to edit and written back is the same file, byte for byte, but for the edits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from generator.source import roundtrip
from tests.helpers import DATA, TESTDATA


@pytest.mark.parametrize("text", [
    "a: 1\nb:\n    c: 2\n    d:\n    - x\n    - y\n",  # 4-space mappings, dashes at the key
    "a: 1\nb:\n  - {x: 1}\n  - y\nc:\n  d: 1.50\n",
    "# 注释\na: 1   # 行尾注释\nb:\n- 1\n- 2\n",
    'a: "0701"\nb: \'x\'\nc: 2025-01-01\nd: 999999999999999.99\ne: 1e5\n',
])
def test_written_back_unchanged(text: str) -> None:
    assert roundtrip.dump(roundtrip.load(text, False), text, False) == text


@pytest.mark.parametrize("path", [DATA / "songjiang-yibao-2025.yaml", DATA / "yangpu-yibao-2024.yaml",
                                  DATA / "songjiang-yibao-forms-2026.yaml", TESTDATA / "valid-minimal.yaml"])
def test_examples_written_back_unchanged(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert roundtrip.dump(roundtrip.load(text, False), text, False) == text


def test_numbers_stay_as_typed_never_floats() -> None:
    data = roundtrip.load("a: 999999999999999.99\nb: 12.50\n", False)
    assert data["a"] == "999999999999999.99" and isinstance(data["a"], roundtrip.Literal)
    data["b"] = roundtrip.Literal.of(Decimal("1234567890123.45"))
    assert roundtrip.dump(data, "", False) == "a: 999999999999999.99\nb: 1234567890123.45\n"


def test_edits_keep_the_kind_of_value() -> None:
    text = 'a: "2025-01-01"\nb: 2025-01-01\nc: 2025\n'
    data = roundtrip.load(text, False)
    for key in "ab":
        data[key] = roundtrip.like(data[key], "2026-01-01")
    data["c"] = roundtrip.like(data["c"], "2026")
    assert isinstance(data["b"], date)
    assert roundtrip.dump(data, text, False) == 'a: "2026-01-01"\nb: 2026-01-01\nc: 2026\n'


def test_json_keeps_order_numbers_and_indent() -> None:
    text = '{\n    "b": 1.50,\n    "a": [1, "x"],\n    "c": {}\n}\n'
    data = roundtrip.load(text, True)
    roundtrip.insert(data, "草稿", {"来自": "x.json"}, ["a"])
    assert roundtrip.dump(data, text, True) == (
        '{\n    "b": 1.50,\n    "草稿": {\n        "来自": "x.json"\n    },\n    "a": [\n        1,\n'
        '        "x"\n    ],\n    "c": {}\n}\n')
