"""``budgetgen schema``: documented fields, agreement with the model, the examples validate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from generator.cli import main
from generator.source import field_docs
from generator.source.json_schema import DIALECT, book_schema
from generator.source.schema import Book
from tests.helpers import DATA, TESTDATA

EXAMPLE_FILES = sorted([*DATA.glob("*.yaml"), *(DATA / "yangpu-rollup").glob("*.yaml")])


def models(root: type[BaseModel] = Book) -> Iterator[type[BaseModel]]:
    """Every model reachable from ``root``, each once."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for field in model.model_fields.values():
            for inner in _inner_models(field.annotation):
                visit(inner)

    visit(root)
    yield from seen


def _inner_models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _inner_models(arg)


def aliases(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def definition(schema: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    return schema if model is Book else schema["$defs"][model.__name__]


def load_as_editor(path: Path) -> Any:
    """The file as a YAML editor sees it: numbers as numbers, quoted text as text."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return book_schema()


def test_every_field_of_the_model_is_documented() -> None:
    missing = [f"{m.__name__}.{a}" for m in models() for a in aliases(m)
               if not field_docs.FIELDS.get(m.__name__, {}).get(a)]
    undocumented_models = [m.__name__ for m in models() if m.__name__ not in field_docs.MODELS]
    assert missing == [], f"fields without a Chinese description in field_docs.py: {missing}"
    assert undocumented_models == []


def test_no_description_for_a_field_that_does_not_exist() -> None:
    known = {m.__name__: set(aliases(m)) for m in models()}
    stale = [f"{cls}.{alias}" for cls, fields in field_docs.FIELDS.items()
             for alias in fields if alias not in known.get(cls, set())]
    assert stale == []
    assert set(field_docs.MODELS) == set(known)


def test_schema_and_model_agree(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == DIALECT
    Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]) == {m.__name__ for m in models() if m is not Book}
    for model in models():
        node = definition(schema, model)
        assert list(node["properties"]) == aliases(model), model.__name__
        required = [f.alias for f in model.model_fields.values() if f.is_required()]
        assert node.get("required", []) == required, model.__name__
        assert node["additionalProperties"] is False


def test_every_property_has_a_chinese_title_and_description(schema: dict[str, Any]) -> None:
    for model in models():
        node = definition(schema, model)
        assert node["title"] == field_docs.MODELS[model.__name__][0]
        for alias, prop in node["properties"].items():
            assert prop["title"] == alias
            assert prop["description"].strip(), f"{model.__name__}.{alias}"
            assert not prop["description"].isascii()
    assert schema["title"] == "预算数据文件"


def test_choices_list_their_allowed_values(schema: dict[str, Any]) -> None:
    options = schema["$defs"]["Options"]["properties"]
    assert options["金额小数位"]["enum"] == [0, 2]
    assert options["金额小数位"]["description"].endswith("可选值：0、2。")
    assert schema["properties"]["级次"]["description"] == "区级或市级；名词解释等措辞随之变化。可选值：市级、区级。"
    assert schema["$defs"]["ListBlock"]["properties"]["编号"]["enum"] == ["1、", "1.", "（1）", "（一）", "一、", "a.", "无"]


@pytest.mark.parametrize("path", [*EXAMPLE_FILES, TESTDATA / "valid-minimal.yaml"],
                         ids=lambda p: p.name)
def test_every_example_validates_against_the_schema(schema: dict[str, Any], path: Path) -> None:
    errors = list(Draft202012Validator(schema).iter_errors(load_as_editor(path)))
    assert [e.message for e in errors] == []


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.validator}"
            for e in Draft202012Validator(schema).iter_errors(data)]


def test_schema_accepts_what_the_loader_accepts_and_refuses_what_it_refuses(
        schema: dict[str, Any]) -> None:
    base = load_as_editor(TESTDATA / "valid-minimal.yaml")
    accepted = {**base, "机关运行经费": "22.22万", "三公经费": {"公务接待费": "3,000.00元"}}
    assert _errors(schema, accepted) == []
    assert _errors(schema, {**base, "机关运行经费": -1}) == ["机关运行经费: anyOf"]
    assert _errors(schema, {**base, "机关运行经费": "很多"}) == ["机关运行经费: anyOf"]
    unquoted = {**base, "支出明细": [{"科目": 2080505, "人员经费": 365207.36}]}
    assert _errors(schema, unquoted) == ["支出明细/0/科目: type"]
    assert _errors(schema, {**base, "级次": "省级"}) == ["级次: enum"]
    assert _errors(schema, {**base, "合计": 1}) == [": additionalProperties"]
    assert _errors(schema, {**base, "国有资产": {"截至日期": "去年底"}}) == ["国有资产: anyOf"]


@pytest.mark.parametrize("name", ["unknown-key.yaml", "unquoted-code.yaml"])
def test_schema_refuses_the_invalid_fixtures_the_validator_refuses(schema: dict[str, Any],
                                                                    name: str) -> None:
    assert _errors(schema, load_as_editor(TESTDATA / "invalid" / name)) != []


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(book_schema()))
    assert printed["$defs"]["Line"]["properties"]["科目"]["pattern"] == "^[0-9]+$"
